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
    public static async Task<LogsContext> StartAsync(int services, Teardown teardown)
    {
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

        var bench = await BenchPanel.StartAsync(teardown, new Dictionary<string, string>
        {
            ["Docker__CliPath"] = TestImages.DockerCli,
            ["Acme__Enabled"] = "false",
            // The engine is shared with other work: the panel's daily disk cleanup has no place in this measure.
            ["Cleanup__Enabled"] = "false",
        }, TimeSpan.FromSeconds(60));
        var (panel, http) = (bench.Process, bench.Api);

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
