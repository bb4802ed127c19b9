using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>One side-by-side run: the panel's deploy of a new commit, and the plain path of another new commit.</summary>
internal sealed record OverheadRun(DeployTiming Panel, PlainTiming Plain, TimeSpan PlainOnSwarm)
{
    public TimeSpan Difference => Panel.Live - Plain.ToHealth;

    /// <summary>The panel beside the same by hand on Swarm: what the panel adds on top of Swarm's own start.</summary>
    public TimeSpan DifferenceToSwarm => Panel.Live - PlainOnSwarm;

    /// <summary>The panel beside the plain path counted until Docker passed the image's HEALTHCHECK, when it did.</summary>
    public TimeSpan? DifferenceToHealthcheck => Panel.Live - Plain.ToHealthcheckPassed;
}

/// <summary>
/// What the panel adds on top of building and starting the container by hand. Each run commits a new version before
/// each side (so neither hits the build cache for the COPY layer) and alternates which side goes first.
/// </summary>
internal static class PanelOverhead
{
    public static async Task<IReadOnlyList<OverheadRun>> RunAsync(PanelDeploys deploys, PlainPath plain,
        GitRepository repository, int runs)
    {
        var results = new List<OverheadRun>();
        for (var run = 1; run <= runs; run++)
        {
            DeployTiming panelTime;
            PlainTiming plainTime;
            if (run % 2 == 1)
            {
                panelTime = await PanelAsync(deploys, repository, run);
                plainTime = await PlainAsync(plain, repository, run);
            }
            else
            {
                plainTime = await PlainAsync(plain, repository, run);
                panelTime = await PanelAsync(deploys, repository, run);
            }

            await BenchGit.CommitVersionAsync(repository, $"swarm-{run}");
            var onSwarm = await plain.RunOnSwarmAsync(run);
            results.Add(new OverheadRun(panelTime, plainTime, onSwarm));
            Console.WriteLine($"  run {run}: panel {panelTime.Live.TotalSeconds:0.00} s, plain {plainTime.ToHealth.TotalSeconds:0.00} s, " +
                $"plain on Swarm {onSwarm.TotalSeconds:0.00} s");
        }

        return results;
    }

    private static async Task<DeployTiming> PanelAsync(PanelDeploys deploys, GitRepository repository, int run)
    {
        await BenchGit.CommitVersionAsync(repository, $"panel-{run}");
        return await deploys.DeployAsync();
    }

    private static async Task<PlainTiming> PlainAsync(PlainPath plain, GitRepository repository, int run)
    {
        await BenchGit.CommitVersionAsync(repository, $"plain-{run}");
        return await plain.RunAsync(run);
    }
}
