using System.Diagnostics;

namespace DropIt.Panel.Bench.Databases;

/// <summary>
/// One stop-first redeploy as the probe saw it. <see cref="Downtime"/> runs from the first failed query to the first good
/// one after it; the engine's own times split it: the old server stopping (first failure to its container's exit), no
/// container at all (that exit to the new container's start), the new server starting (that start to the first good
/// query: the server's start, Docker's first health check, then the name back in the network's DNS).
/// <see cref="AfterSucceeded"/>: the first good query minus the moment the panel's deployment was seen succeeded.
/// </summary>
internal sealed record DowntimeRun(
    DatabaseDeployment Deploy,
    TimeSpan? Downtime,
    TimeSpan? Stopping,
    TimeSpan? NoContainer,
    TimeSpan? Starting,
    TimeSpan? AfterSucceeded,
    IReadOnlyList<(string Reason, int Count)> Failures,
    int OtherFailures);

/// <summary>What the probe did over all the redeploys: attempts, and the median time between two of them (its resolution).</summary>
internal sealed record ProbeSummary(int Attempts, double AttemptsPerSecond, TimeSpan MedianInterval, int FailedBeforeFirstRedeploy);

/// <summary>
/// Redeploys one PostgreSQL database several times (each a change of <c>work_mem</c>, applied stop-first) while the probe
/// queries it by name from the panel's network.
/// </summary>
internal static class RedeployDowntime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>A redeploy as it happened: when it was asked for and seen succeeded, and the engine's times of the switch.</summary>
    private sealed record Redeploy(DateTimeOffset Requested, DateTimeOffset Succeeded, DatabaseDeployment Deploy, DateTimeOffset? OldExited,
        DateTimeOffset? NewStarted);

    public static async Task<(List<DowntimeRun> Runs, ProbeSummary Probe)> RunAsync(DatabaseContext context, Guid databaseId,
        string host, Guid firstDeployment, int runs, Teardown teardown)
    {
        var probe = await QueryProbe.StartAsync(await context.Databases.UrlAsync(databaseId), teardown);
        await probe.WaitAnsweredAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30));
        await Task.Delay(Settle);

        var redeploys = new List<Redeploy>();
        var previous = firstDeployment;
        for (var run = 1; run <= runs; run++)
        {
            var old = await EngineTimes.RunningContainerAsync(host);
            var requested = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await context.Databases.ChangeSettingAsync(databaseId, "work_mem", $"{4 + run}MB");
            var deploy = await context.Databases.WaitSucceededAsync(databaseId, previous, clock);
            var succeeded = DateTimeOffset.UtcNow;
            previous = deploy.Id;

            // Read now: Swarm keeps the containers of only the last few tasks.
            var current = await EngineTimes.RunningContainerAsync(host);
            redeploys.Add(new Redeploy(requested, succeeded, deploy, await EngineTimes.ExitedAsync(old), await EngineTimes.StartedAsync(current)));
            await probe.WaitAnsweredAfterAsync(succeeded, TimeSpan.FromSeconds(30));
            Console.WriteLine($"  redeploy {run}: deployment succeeded after {deploy.Polled.Live.TotalSeconds:0.00} s");
            await Task.Delay(Settle);
        }

        await probe.StopAsync();
        var attempts = await probe.ReadAsync();
        var results = new List<DowntimeRun>();
        for (var i = 0; i < redeploys.Count; i++)
        {
            var until = i + 1 < redeploys.Count ? redeploys[i + 1].Requested : DateTimeOffset.MaxValue;
            results.Add(Analyse(attempts.Where(a => a.At >= redeploys[i].Requested && a.At < until).ToList(), redeploys[i]));
        }

        return (results, Summarise(attempts, redeploys[0].Requested));
    }

    private static DowntimeRun Analyse(List<ProbeAttempt> attempts, Redeploy redeploy)
    {
        var first = attempts.FindIndex(a => !a.Ok);
        var recovered = first < 0 ? -1 : attempts.FindIndex(first, a => a.Ok);
        if (first < 0 || recovered < 0)
        {
            return new DowntimeRun(redeploy.Deploy, first < 0 ? TimeSpan.Zero : null, null, null, null, null, [], attempts.Count(a => !a.Ok));
        }

        var (failedAt, backAt) = (attempts[first].At, attempts[recovered].At);
        var failures = attempts[first..recovered].GroupBy(a => a.Reason).Select(g => (g.Key, g.Count())).ToList();
        return new DowntimeRun(redeploy.Deploy, backAt - failedAt, redeploy.OldExited - failedAt, redeploy.NewStarted - redeploy.OldExited,
            backAt - redeploy.NewStarted, backAt - redeploy.Succeeded, failures, attempts[recovered..].Count(a => !a.Ok));
    }

    private static ProbeSummary Summarise(List<ProbeAttempt> attempts, DateTimeOffset firstRequest)
    {
        var intervals = attempts.Zip(attempts.Skip(1), (a, b) => b.At - a.At).Order().ToList();
        var span = attempts[^1].At - attempts[0].At;
        return new ProbeSummary(attempts.Count, attempts.Count / span.TotalSeconds, intervals[intervals.Count / 2],
            attempts.Count(a => !a.Ok && a.At < firstRequest));
    }
}
