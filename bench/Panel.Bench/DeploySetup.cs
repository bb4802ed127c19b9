using System.Security.Cryptography;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// The panel under measure, its data folder (<c>Panel__DataPath</c>, where it writes Traefik's dynamic files), the sample
/// application's repository, and the service deployed from it.
/// </summary>
internal sealed record DeployContext(DeployClient Api, string DataFolder, GitRepository Repository, string GitToken, PanelDeploys Deploys,
    Guid ProjectId);

/// <summary>
/// Starts what the deploy mode needs, registering each thing it creates with the <see cref="Teardown"/>: the busybox
/// base image (when missing), a throwaway PostgreSQL cluster, the panel (Release build) on the Docker engine, a Git
/// smart HTTP server on 127.0.0.1 holding <see cref="SampleApp"/>, and a project with one Git application.
/// </summary>
internal static class DeploySetup
{
    public const string Network = "dropit-bench";
    public const int DrainSeconds = 5;

    public static async Task<DeployContext> StartAsync(string firstVersion, Teardown teardown,
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var swarm = await Command.TryDockerAsync("info", "--format", "{{.Swarm.LocalNodeState}}");
        if (!swarm.Succeeded)
        {
            throw new InvalidOperationException($"The Docker engine does not answer {TestImages.DockerCli}: {Command.Tail(swarm.Error)}");
        }

        if (!(await Command.TryDockerAsync("image", "inspect", TestImages.Busybox)).Succeeded)
        {
            await TestImages.EnsureBusyboxAsync();
            teardown.Add($"image {TestImages.Busybox}", async () => await Command.DockerAsync("rmi", TestImages.Busybox));
        }

        if (!(await Command.TryDockerAsync("network", "inspect", Network)).Succeeded)
        {
            // The panel creates the network at its first deployment; remove it once its services and containers are gone.
            teardown.Add($"network {Network}", RemoveNetworkAsync);
        }

        var settings = new Dictionary<string, string>
        {
            ["Docker__CliPath"] = TestImages.DockerCli,
            ["Docker__EndpointMode"] = "dnsrr",
            ["Docker__AdvertiseAddress"] = "127.0.0.1",
            ["Docker__Network"] = Network,
            ["Docker__ProbeRoute"] = "GatewayBridge",
            ["Deployments__DrainSeconds"] = DrainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var bench = await BenchPanel.StartAsync(teardown, settings, TimeSpan.FromSeconds(60));
        var (http, dataFolder) = (bench.Api, bench.DataFolder);

        var gitToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var git = await GitServer.StartAsync(gitToken);
        teardown.Add("Git server", async () => await git.DisposeAsync());
        var repository = await git.CreateRepositoryAsync("sample", SampleApp.Files(firstVersion), message: $"Version {firstVersion}");

        var api = new DeployClient(http);
        var projectId = await api.CreateProjectAsync("bench");
        teardown.Add("project bench", async () => (await http.DeleteAsync($"/api/projects/{projectId}")).EnsureSuccessStatusCode());
        var serviceId = await api.CreateGitApplicationAsync(projectId, "api", repository.CloneUri, gitToken);
        teardown.Add("service bench/api", async () =>
        {
            // Deleting the service removes its Docker services and images; say so when it did not.
            (await http.DeleteAsync($"/api/services/{serviceId}")).EnsureSuccessStatusCode();
            await RemoveLeftoversAsync(serviceId);
        });
        return new DeployContext(api, dataFolder, repository, gitToken, new PanelDeploys(api, serviceId), projectId);
    }

    private static async Task RemoveLeftoversAsync(Guid serviceId)
    {
        var label = $"{EngineLabels.Service}={serviceId}";
        var services = (await Command.DockerAsync("service", "ls", "-q", "--filter", $"label={label}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var images = (await Command.DockerAsync("images", "-q", "--filter", $"label={label}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
        if (services.Length + images.Length == 0)
        {
            return;
        }

        Console.WriteLine($"Deleting the service left {services.Length} Docker service(s) and {images.Length} image(s); removing them.");
        if (services.Length > 0)
        {
            await Command.DockerAsync(["service", "rm", .. services]);
        }

        if (images.Length > 0)
        {
            await Command.DockerAsync(["rmi", "-f", .. images]);
        }
    }

    /// <summary>Removes the network, retrying while the engine still detaches the last endpoints.</summary>
    private static async Task RemoveNetworkAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var removed = await Command.TryDockerAsync("network", "rm", Network);
            if (removed.Succeeded || removed.Error.Contains("not found", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (attempt == 10)
            {
                throw new InvalidOperationException(Command.Tail(removed.Error));
            }

            await Task.Delay(1000);
        }
    }
}
