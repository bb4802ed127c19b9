using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>The deploy mode's printed result: figures beside their goals, then the individual runs.</summary>
internal static class DeployReport
{
    public const double OverheadGoalSeconds = 1.0;
    public const double LoadGoalPerSecond = 20;

    public static void Print(ZeroDowntimeResult zero, IReadOnlyList<OverheadRun> overhead, IReadOnlyList<DeployTiming> unchanged)
    {
        var panel = Median(overhead.Select(r => r.Panel.Live));
        var plain = Median(overhead.Select(r => r.Plain.ToHealth));
        var difference = Median(overhead.Select(r => r.Difference));
        var healthchecks = overhead.Where(r => r.Plain.ToHealthcheckPassed is not null).ToList();
        var redeploy = Median(unchanged.Select(t => t.Live));
        Report.Print(
        [
            new Row("Zero downtime: requests sent", $"{zero.Sent} ({Format(zero.RequestsPerSecond, "req/s")})",
                $">= {LoadGoalPerSecond:0} req/s", Verdict(zero.RequestsPerSecond >= LoadGoalPerSecond)),
            new Row("Zero downtime: requests failed", zero.Failed.ToString(CultureInfo.InvariantCulture), "0", Verdict(zero.Failed == 0)),
            Report.Info("Redeploy under load, deploy -> live, median", Seconds(Median(zero.DeployTimes))),
            Report.Info("Panel: deploy -> live, new commit, median", Seconds(panel)),
            Report.Info("Plain: clone + build + run -> /health, median", Seconds(plain)),
            new Row("Panel overhead (median of paired differences)", Seconds(difference), $"<= {OverheadGoalSeconds:0.0} s",
                Verdict(difference <= OverheadGoalSeconds)),
            Report.Info("Ratio panel / plain (medians)", Format(panel / plain, "x")),
            Report.Info("Plain: until the image HEALTHCHECK passed, median",
                healthchecks.Count == 0 ? "not seen" : Seconds(Median(healthchecks.Select(r => r.Plain.ToHealthcheckPassed!.Value)))),
            Report.Info("Panel minus plain-until-HEALTHCHECK, median",
                healthchecks.Count == 0 ? "not seen" : Seconds(Median(healthchecks.Select(r => r.DifferenceToHealthcheck!.Value)))),
            Report.Info("Redeploy, unchanged repository: deploy -> live, median", Seconds(redeploy)),
            Report.Info("Ratio unchanged / new commit (panel medians)", Format(redeploy / panel, "x")),
        ]);
        Console.WriteLine();
        Console.WriteLine("Versions seen by the load client: " +
            string.Join(", ", zero.Versions.Select(v => $"{v.Version} ({v.Answers})")));
        foreach (var failure in zero.FailureSamples)
        {
            Console.WriteLine($"  failed request: {failure}");
        }

        if (zero.FailedRefreshes > 0)
        {
            Console.WriteLine($"  the panel did not answer {zero.FailedRefreshes} upstream read(s); the file kept its last value");
        }

        Console.WriteLine($"Panel steps, new commit (median s): {Steps(overhead.Select(r => r.Panel))}");
        Console.WriteLine($"Panel steps, unchanged (median s):  {Steps(unchanged)}");
        Console.WriteLine("Runs (s), in order:");
        Console.WriteLine($"  redeploy under load: {List(zero.DeployTimes)}");
        Console.WriteLine($"  panel, new commit:   {List(overhead.Select(r => r.Panel.Live))}");
        Console.WriteLine($"  plain, new commit:   {List(overhead.Select(r => r.Plain.ToHealth))}");
        Console.WriteLine($"  difference:          {List(overhead.Select(r => r.Difference))}");
        Console.WriteLine($"  unchanged redeploy:  {List(unchanged.Select(t => t.Live))}");
        Console.WriteLine("Deploy -> live: from the POST to the first poll (every 100 ms) that shows step \"switching traffic\" or later. " +
            $"Plain: git clone --depth 1, docker build, docker run -d on {DeploySetup.Network}, GET /health from a container there " +
            $"every 100 ms. Drain: {DeploySetup.DrainSeconds} s.");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- deploy");
    }

    /// <summary>
    /// Each step's median duration as seen by the 100 ms polls, in the order the steps came (a run whose polls missed
    /// a short step counts its time in the step before).
    /// </summary>
    private static string Steps(IEnumerable<DeployTiming> timings)
    {
        var all = timings.ToList();
        var durations = all.SelectMany(t => t.StepDurations()).ToList();
        var order = all.SelectMany(t => t.Steps).GroupBy(s => s.Step).OrderBy(g => Median(g.Select(s => s.Seen))).Select(g => g.Key);
        return string.Join(", ", order.Where(step => durations.Any(d => d.Step == step))
            .Select(step => $"{step} {Median(durations.Where(d => d.Step == step).Select(d => d.Duration)).ToString("0.00", CultureInfo.InvariantCulture)}"));
    }

    private static double Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");

    private static string Format(double value, string unit) => Report.Format(value, unit);

    private static string List(IEnumerable<TimeSpan> times) =>
        string.Join(", ", times.Select(t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Verdict(bool within) => within ? "within goal" : "over goal";
}
