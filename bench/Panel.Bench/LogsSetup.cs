using System.Net.Http.Headers;
using System.Security.Cryptography;
using DropIt.Panel.Data.Embedded;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>The panel under measure, its API (bootstrap token) and the application services whose logs are shown.</summary>
internal sealed record LogsContext(PanelProcess Panel, HttpClient Api, IReadOnlyList<Guid> Services);

/// <summary>
/// Starts what the logs mode needs, registering each thing with the <see cref="Teardown"/>: the busybox image (when
/// missing), a throwaway PostgreSQL cluster, the panel (Release build) on the Docker engine, and a project with
/// application services from an image (never deployed: the bench starts their containers itself, with their labels).
/// </summary>
internal static class LogsSetup
{
    public const string AdminEmail = "bench@dropit.test";
    public const string AdminPassword = "Bench-Password-2026";

    public static async Task<LogsContext> StartAsync(int services, Teardown teardown)
    {
        var binFolder = BenchPaths.PanelBinFolder();
        var engine = await Command.TryDockerAsync("info", "--format", "{{.ServerVersion}}");
        if (!engine.Succeeded)
        {
            throw new InvalidOperationException($"The Docker engine does not answer {TestImages.DockerCli}: {Command.Tail(engine.Error)}");
        }

        if (!(await Command.TryDockerAsync("image", "inspect", TestImages.Busybox)).Succeeded)
        {
            await TestImages.EnsureBusyboxAsync();
            teardown.Add($"image {TestImages.Busybox}", async () => await Command.DockerAsync("rmi", TestImages.Busybox));
        }

        var clusterFolder = Directory.CreateTempSubdirectory("dropit-bench-pg-").FullName;
        var dataFolder = Directory.CreateTempSubdirectory("dropit-bench-data-").FullName;
        teardown.AddFolder(clusterFolder);
        teardown.AddFolder(dataFolder);
        var cluster = EmbeddedPostgres.Start(clusterFolder, null, null);
        teardown.Add("PostgreSQL cluster", () =>
        {
            cluster.Stop();
            return Task.CompletedTask;
        });

        var apiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var panel = PanelProcess.Start(binFolder, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Panel"] = cluster.ConnectionString("bench"),
            ["Panel__DataPath"] = dataFolder,
            ["Panel__Bootstrap__AdminEmail"] = AdminEmail,
            ["Panel__Bootstrap__AdminPassword"] = AdminPassword,
            ["Panel__Bootstrap__ApiToken"] = apiToken,
            ["Docker__CliPath"] = TestImages.DockerCli,
            ["Acme__Enabled"] = "false",
            // The engine is shared with other work: the panel's daily disk cleanup has no place in this measure.
            ["Cleanup__Enabled"] = "false",
        });
        teardown.Add("panel process", () =>
        {
            panel.Dispose();
            return Task.CompletedTask;
        });

        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = panel.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        teardown.Add("API client", () =>
        {
            http.Dispose();
            return Task.CompletedTask;
        });
        await panel.WaitReadyAsync(http, TimeSpan.FromSeconds(60));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);

        var api = new DeployClient(http);
        var projectId = await api.CreateProjectAsync("bench");
        var ids = new List<Guid>();
        for (var i = 1; i <= services; i++)
        {
            ids.Add(await api.CreateApplicationAsync(projectId, new
            {
                name = $"chatty-{i:00}",
                kind = "application",
                source = new { type = "image", image = TestImages.Busybox },
                port = 8080,
            }));
        }

        return new LogsContext(panel, http, ids);
    }
}
