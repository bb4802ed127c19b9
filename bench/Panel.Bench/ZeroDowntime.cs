using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>What the load client saw across the redeploys.</summary>
internal sealed record ZeroDowntimeResult(
    string Title,
    int Sent,
    int Failed,
    double RequestsPerSecond,
    IReadOnlyList<(string Version, int Answers)> Versions,
    IReadOnlyList<string> FailureSamples,
    IReadOnlyList<TimeSpan> DeployTimes,
    int FailedRefreshes);

/// <summary>
/// Redeploys a new commit several times in a row while a client inside the service network sends steady load to
/// whatever upstream the source names (the panel's API, or the Traefik file it generates); every request that fails
/// is downtime a user would have seen.
/// </summary>
internal static class ZeroDowntime
{
    private static readonly TimeSpan LoadAfterLastDeploy = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Deploys <paramref name="versions"/> in turn (new commits; the live version is not among them) under load sent to
    /// the upstream <paramref name="upstreamSource"/> names (read every 500 ms). <paramref name="title"/> names the pass.
    /// </summary>
    public static async Task<ZeroDowntimeResult> RunAsync(string title, PanelDeploys deploys, Func<Task<Uri?>> upstreamSource,
        GitRepository repository, IReadOnlyList<string> versions, string network, Teardown teardown)
    {
        await using var load = await LoadClient.StartAsync(upstreamSource, network, teardown);
        await load.WaitAnsweringAsync(answers: 10, TimeSpan.FromSeconds(30));
        var times = new List<TimeSpan>();
        foreach (var version in versions)
        {
            await BenchGit.CommitVersionAsync(repository, version);
            times.Add((await deploys.DeployAsync()).Live);
            Console.WriteLine($"  deployed {version} under load: live after {times[^1].TotalSeconds:0.0} s");
        }

        // Each deployment returned after its drain and the removal of the old version: keep the load a little longer.
        await Task.Delay(LoadAfterLastDeploy);
        var lines = await load.StopAsync();
        var answers = lines.Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();
        var failures = lines.Where(l => !l.StartsWith("ok ", StringComparison.Ordinal)).ToList();
        return new ZeroDowntimeResult(
            title,
            lines.Count,
            failures.Count,
            lines.Count / load.Duration.TotalSeconds,
            answers.GroupBy(v => v).Select(g => (g.Key, g.Count())).ToList(),
            failures.Distinct().Take(5).ToList(),
            times,
            load.FailedRefreshes);
    }
}
