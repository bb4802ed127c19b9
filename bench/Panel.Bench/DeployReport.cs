using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>The deploy mode's printed result: figures beside their goals, then the individual runs.</summary>
internal static class DeployReport
{
    public const double OverheadGoalSeconds = 1.0;
    public const double LoadGoalPerSecond = 20;

    /// <summary>Prints the table, then the details; <paramref name="overhead"/> and <paramref name="unchanged"/> are null
    /// when only the zero-downtime passes ran.</summary>
    public static void Print(IReadOnlyList<ZeroDowntimeResult> zero, IReadOnlyList<OverheadRun>? overhead,
        IReadOnlyList<DeployTiming>? unchanged, IReadOnlyList<string> args)
    {
        var rows = zero.SelectMany(ZeroDowntimeRows).ToList();
        if (overhead is not null && unchanged is not null)
        {
            rows.AddRange(OverheadRows(overhead, unchanged));
        }

        Report.Print(rows);
        Console.WriteLine();
        foreach (var pass in zero)
        {
            Console.WriteLine($"{pass.Title}, versions seen by the load client: " +
                string.Join(", ", pass.Versions.Select(v => $"{v.Version} ({v.Answers})")));
            foreach (var failure in pass.FailureSamples)
            {
                Console.WriteLine($"  failed request: {failure}");
            }

            if (pass.FailedRefreshes > 0)
            {
                Console.WriteLine($"  {pass.FailedRefreshes} upstream read(s) failed; the file kept its last value");
            }
        }

        if (overhead is not null && unchanged is not null)
        {
            Console.WriteLine($"Panel steps, new commit (median s): {Steps(overhead.Select(r => r.Panel))}");
            if (unchanged.Count > 0)
            {
                Console.WriteLine($"Panel steps, unchanged (median s):  {Steps(unchanged)}");
            }
        }

        Console.WriteLine("Runs (s), in order:");
        foreach (var pass in zero)
        {
            Console.WriteLine($"  {pass.Title}, redeploys under load: {List(pass.DeployTimes)}");
        }

        if (overhead is not null && unchanged is not null)
        {
            Console.WriteLine($"  panel, new commit:   {List(overhead.Select(r => r.Panel.Live))}");
            Console.WriteLine($"  plain, new commit:   {List(overhead.Select(r => r.Plain.ToHealth))}");
            Console.WriteLine($"  difference:          {List(overhead.Select(r => r.Difference))}");
            Console.WriteLine($"  plain on Swarm:      {List(overhead.Select(r => r.PlainOnSwarm))}");
            if (unchanged.Count > 0)
            {
                Console.WriteLine($"  unchanged redeploy:  {List(unchanged.Select(t => t.Live))}");
            }
        }

        Console.WriteLine("Deploy -> live: from the POST to the first poll (every 100 ms) that shows step \"switching traffic\" or later. " +
            (overhead is null ? "" : $"Plain: git clone --depth 1, docker build, docker run -d on {DeploySetup.Network}, GET /health from a container there " +
            "every 100 ms. Plain on Swarm: the same with docker service create (no health check, dnsrr) and GET /health through the " +
            "service's name. ") + $"Drain: {DeploySetup.DrainSeconds} s. Load upstream re-read every 500 ms.");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- deploy" + string.Concat(args.Select(a => " " + a)));
    }

    private static IEnumerable<Row> ZeroDowntimeRows(ZeroDowntimeResult zero) =>
    [
        new Row($"{zero.Title}: requests sent", $"{zero.Sent} ({Format(zero.RequestsPerSecond, "req/s")})",
            $">= {LoadGoalPerSecond:0} req/s", Verdict(zero.RequestsPerSecond >= LoadGoalPerSecond)),
        new Row($"{zero.Title}: requests failed", zero.Failed.ToString(CultureInfo.InvariantCulture), "0", Verdict(zero.Failed == 0)),
        Report.Info($"{zero.Title}: redeploy -> live, median", Seconds(Median(zero.DeployTimes))),
    ];

    private static IEnumerable<Row> OverheadRows(IReadOnlyList<OverheadRun> overhead, IReadOnlyList<DeployTiming> unchanged)
    {
        var panel = Median(overhead.Select(r => r.Panel.Live));
        var plain = Median(overhead.Select(r => r.Plain.ToHealth));
        var difference = Median(overhead.Select(r => r.Difference));
        var healthchecks = overhead.Where(r => r.Plain.ToHealthcheckPassed is not null).ToList();
        var redeploy = Median(unchanged.Select(t => t.Live));
        var rows = new List<Row>
        {
            Report.Info("Panel: deploy -> live, new commit, median", Seconds(panel)),
            Report.Info("Plain: clone + build + run -> /health, median", Seconds(plain)),
            new Row("Panel overhead (median of paired differences)",
                $"{Seconds(difference)} ({Format(difference / OverheadGoalSeconds, "x the goal")})", $"<= {OverheadGoalSeconds:0.0} s",
                Verdict(difference <= OverheadGoalSeconds)),
            Report.Info("Ratio panel / plain (medians)", Format(panel / plain, "x")),
            Report.Info("Plain: until the image HEALTHCHECK passed, median",
                healthchecks.Count == 0 ? "not seen" : Seconds(Median(healthchecks.Select(r => r.Plain.ToHealthcheckPassed!.Value)))),
            Report.Info("Panel minus plain-until-HEALTHCHECK, median",
                healthchecks.Count == 0 ? "not seen" : Seconds(Median(healthchecks.Select(r => r.DifferenceToHealthcheck!.Value)))),
            Report.Info("Plain on Swarm: clone + build + service create -> /health, median", Seconds(Median(overhead.Select(r => r.PlainOnSwarm)))),
            Report.Info("Panel minus plain on Swarm (median of paired differences)", Seconds(Median(overhead.Select(r => r.DifferenceToSwarm)))),
        };
        if (unchanged.Count > 0)
        {
            rows.Add(Report.Info("Redeploy, unchanged repository: deploy -> live, median", Seconds(redeploy)));
            rows.Add(Report.Info("Ratio unchanged / new commit (panel medians)", Format(redeploy / panel, "x")));
        }

        return rows;
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
