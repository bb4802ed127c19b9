using System.Diagnostics;
using System.Security.Cryptography;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Databases;

/// <summary>
/// One pair of runs: a database created through the panel, and the same image started with <c>docker run</c>; for
/// each, also the time until its container's process started by the engine's clock (what came before the server's own start).
/// </summary>
internal sealed record CreateRun(DatabaseDeployment Panel, TimeSpan? PanelToStart, TimeSpan Plain, TimeSpan? PlainToStart, int PlainChecks);

/// <summary>
/// Create-to-ready of a PostgreSQL 15 database through the panel (POST until its first deployment succeeded, which
/// the panel says once Docker's health check, <c>pg_isready</c> over TCP, passed), next to <c>docker run</c> of the same
/// image until <c>pg_isready -h 127.0.0.1</c> answers inside it. Both initialise an empty data folder with the same user
/// and database; each database is deleted with its volume before the next run, each plain container with its own.
/// </summary>
internal static class CreateToReady
{
    private const int PlainPollMilliseconds = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<List<CreateRun>> RunAsync(DatabaseContext context, int runs, Teardown teardown)
    {
        Console.WriteLine("  warm-up: docker run, untimed");
        await PlainAsync("warm-up", teardown);
        var results = new List<CreateRun>();
        for (var run = 1; run <= runs; run++)
        {
            var (panel, panelToStart) = await PanelAsync(context, $"run-{run}");
            var (plain, plainToStart, checks) = await PlainAsync($"run-{run}", teardown);
            results.Add(new CreateRun(panel, panelToStart, plain, plainToStart, checks));
            Console.WriteLine($"  run {run}: panel {panel.Polled.Live.TotalSeconds:0.00} s (queued {panel.Queued.TotalSeconds:0.00} s, " +
                $"ran {panel.Ran.TotalSeconds:0.00} s), docker run {plain.TotalSeconds:0.00} s ({checks} pg_isready)");
        }

        return results;
    }

    private static async Task<(DatabaseDeployment Deploy, TimeSpan? ToStart)> PanelAsync(DatabaseContext context, string name)
    {
        var requested = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (id, host) = await context.Databases.CreatePostgresAsync(context.ProjectId, name);
        try
        {
            var deploy = await context.Databases.WaitSucceededAsync(id, previous: null, clock);
            return (deploy, await EngineTimes.StartedAsync(await EngineTimes.RunningContainerAsync(host)) - requested);
        }
        finally
        {
            await context.Databases.DeleteWithVolumeAsync(id);
        }
    }

    /// <summary>From just before <c>docker run -d</c> to the first <c>docker exec ... pg_isready</c> that answers.</summary>
    private static async Task<(TimeSpan Ready, TimeSpan? ToStart, int Checks)> PlainAsync(string name, Teardown teardown)
    {
        var container = $"dropit-bench-plain-{name}-{Guid.NewGuid():N}"[..40];
        teardown.Add($"container {container}", async () => await Command.TryDockerAsync("rm", "-f", "-v", container));
        var requested = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            await Command.DockerAsync("run", "-d", "--name", container, "-e", $"POSTGRES_PASSWORD={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
                "-e", "POSTGRES_USER=app", "-e", "POSTGRES_DB=app", DatabaseImages.Postgres15);
            for (var checks = 1; ; checks++)
            {
                var ready = await Command.TryDockerAsync("exec", container, "pg_isready", "-q", "-h", "127.0.0.1", "-U", "app", "-d", "app");
                if (ready.Succeeded)
                {
                    var elapsed = clock.Elapsed;
                    return (elapsed, await EngineTimes.StartedAsync(container) - requested, checks);
                }

                if (clock.Elapsed > Timeout)
                {
                    var logs = await Command.TryDockerAsync("logs", "--tail", "20", container);
                    throw new TimeoutException($"docker run of {DatabaseImages.Postgres15} was not ready after {Timeout.TotalMinutes:0} min:\n" +
                        logs.Output + logs.Error);
                }

                await Task.Delay(PlainPollMilliseconds);
            }
        }
        finally
        {
            // -v: the image declares its data folder a volume; it goes with the container.
            await Command.DockerAsync("rm", "-f", "-v", container);
        }
    }
}
