using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Databases;

/// <summary>The panel under measure, its database API, and the project the databases belong to.</summary>
internal sealed record DatabaseContext(BenchPanel Panel, DatabaseClient Databases, Guid ProjectId, string ProjectName);

/// <summary>
/// Starts what the databases mode needs, registering each thing with the <see cref="Teardown"/>: the stand-in of
/// <c>postgres:15-alpine</c> (built by <c>tests/fixtures/database-images/build.sh</c> when missing), a throwaway
/// PostgreSQL cluster, the panel (Release build) on the Docker engine with a network of its own, and a project.
/// </summary>
internal static class DatabaseSetup
{
    public const string Network = "dropit-bench-db";

    public static async Task<DatabaseContext> StartAsync(Teardown teardown)
    {
        var swarm = await Command.TryDockerAsync("info", "--format", "{{.Swarm.LocalNodeState}}");
        if (!swarm.Succeeded)
        {
            throw new InvalidOperationException($"The Docker engine does not answer {TestImages.DockerCli}: {Command.Tail(swarm.Error)}");
        }

        if (!(await Command.TryDockerAsync("image", "inspect", DatabaseImages.Postgres15)).Succeeded)
        {
            Console.WriteLine($"  building the stand-in images ({DatabaseImages.Postgres15} and the others; the first time takes minutes)...");
            await DatabaseImages.EnsureAsync();
        }

        if (!(await Command.TryDockerAsync("network", "inspect", Network)).Succeeded)
        {
            // The panel creates the network at its first deployment; remove it once the databases and probes are gone.
            teardown.Add($"network {Network}", RemoveNetworkAsync);
        }

        var panel = await BenchPanel.StartAsync(teardown, new Dictionary<string, string>
        {
            ["Docker__CliPath"] = TestImages.DockerCli,
            ["Docker__EndpointMode"] = "dnsrr",
            ["Docker__AdvertiseAddress"] = "127.0.0.1",
            ["Docker__Network"] = Network,
            ["Acme__Enabled"] = "false",
            // The engine is shared with other work: the panel's daily disk cleanup has no place in this measure.
            ["Cleanup__Enabled"] = "false",
        }, TimeSpan.FromSeconds(60));

        // A name of its own per run: the databases' Swarm services and volumes are named after the project.
        var projectName = $"benchdb-{Guid.NewGuid():N}"[..12];
        var projectId = await new DeployClient(panel.Api).CreateProjectAsync(projectName);
        teardown.Add($"project {projectName}", async () => await RemoveLeftoversAsync(projectName));
        return new DatabaseContext(panel, new DatabaseClient(panel.Api), projectId, projectName);
    }

    /// <summary>Every database deletes itself with its volume; anything of the project's still in the engine is removed and named.</summary>
    private static async Task RemoveLeftoversAsync(string projectName)
    {
        var services = (await Command.DockerAsync("service", "ls", "-q", "--filter", $"name={projectName}-"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (services.Length > 0)
        {
            Console.WriteLine($"{services.Length} Docker service(s) of {projectName} were left; removing them.");
            await Command.DockerAsync(["service", "rm", .. services]);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var volumes = (await Command.DockerAsync("volume", "ls", "-q", "--filter", $"name={projectName}-"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (volumes.Length > 0)
        {
            Console.WriteLine($"{volumes.Length} volume(s) of {projectName} were left: {string.Join(", ", volumes)}; removing them.");
            await Command.DockerAsync(["volume", "rm", .. volumes]);
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
