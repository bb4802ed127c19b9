using System.Globalization;

namespace DropIt.Panel.Bench.Databases;

/// <summary>The databases mode's printed result: medians and ratios in one table, then the individual runs.</summary>
internal static class DatabaseReport
{
    public static void Print(IReadOnlyList<CreateRun>? create, IReadOnlyList<DowntimeRun>? downtime, ProbeSummary? probe,
        IReadOnlyList<string> args)
    {
        var rows = new List<Row>();
        if (create is not null)
        {
            var panel = Median(create.Select(r => r.Panel.Polled.Live));
            var plain = Median(create.Select(r => r.Plain));
            rows.AddRange(
            [
                Report.Info("Create-to-ready, panel (POST to deployment succeeded), median", Seconds(panel)),
                Report.Info("Create-to-ready, docker run (to pg_isready), median", Seconds(plain)),
                Report.Info("Ratio panel / docker run (medians)", Report.Format(panel / plain, "x")),
                Report.Info("Panel minus docker run (medians)", Seconds(panel - plain)),
                Report.Info("  request to container started, panel / docker run, medians",
                    $"{Part(create, r => r.PanelToStart)} / {Part(create, r => r.PlainToStart)}"),
                Report.Info("  container started to ready, panel / docker run, medians",
                    $"{Part(create, r => r.Panel.Polled.Live - r.PanelToStart)} / {Part(create, r => r.Plain - r.PlainToStart)}"),
                Report.Info("Panel: waiting in the queue / deployment ran, medians",
                    $"{Seconds(Median(create.Select(r => r.Panel.Queued)))} / {Seconds(Median(create.Select(r => r.Panel.Ran)))}"),
            ]);
        }

        if (downtime is not null && probe is not null)
        {
            var measured = downtime.Where(r => r.Downtime is not null).ToList();
            var down = Median(measured.Select(r => r.Downtime!.Value));
            var deploy = Median(downtime.Select(r => r.Deploy.Polled.Live));
            rows.AddRange(
            [
                Report.Info("Redeploy downtime (first failed to first good query), median", Seconds(down)),
                Report.Info("  old server stopping / no container / new server starting, medians",
                    $"{Part(measured, r => r.Stopping)} / {Part(measured, r => r.NoContainer)} / {Part(measured, r => r.Starting)}"),
                Report.Info("First good query after the deployment was seen succeeded, median / largest",
                    $"{Part(measured, r => r.AfterSucceeded)} / {Largest(measured.Select(r => r.AfterSucceeded))}"),
                Report.Info("Redeploy request to deployment succeeded, median", Seconds(deploy)),
                Report.Info("Ratio downtime / redeploy (medians)", Report.Format(down / deploy, "x")),
                Report.Info("Probe: attempts, median interval (its resolution)",
                    $"{probe.AttemptsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)}/s, {Milliseconds(probe.MedianInterval)}"),
                Report.Info("Failed queries outside the downtime windows",
                    (downtime.Sum(r => r.OtherFailures) + probe.FailedBeforeFirstRedeploy).ToString(CultureInfo.InvariantCulture)),
            ]);
        }

        Report.Print(rows);
        Console.WriteLine();
        Console.WriteLine("Runs (s), in order:");
        if (create is not null)
        {
            Console.WriteLine($"  create-to-ready, panel:       {List(create.Select(r => r.Panel.Polled.Live))}");
            Console.WriteLine($"  create-to-ready, docker run:  {List(create.Select(r => r.Plain))}");
            Console.WriteLine($"  panel steps as first seen by the 100 ms polls (median s): {Steps(create.Select(r => r.Panel.Polled))}");
        }

        if (downtime is not null)
        {
            Console.WriteLine($"  redeploy downtime:            {List(downtime.Select(r => r.Downtime))}");
            Console.WriteLine($"  redeploy, request to success: {List(downtime.Select(r => (TimeSpan?)r.Deploy.Polled.Live))}");
            for (var i = 0; i < downtime.Count; i++)
            {
                var run = downtime[i];
                Console.WriteLine($"  redeploy {i + 1}: stopping {Opt(run.Stopping)}, no container {Opt(run.NoContainer)}, starting {Opt(run.Starting)}, " +
                    $"first good query {Opt(run.AfterSucceeded)} after the deployment was seen succeeded; " +
                    $"failed queries: {string.Join(", ", run.Failures.Select(f => $"{f.Count} {f.Reason}"))}");
            }
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, 1-minute load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- databases" + string.Concat(args.Select(a => " " + a)));
    }

    private static string Largest(IEnumerable<TimeSpan?> times) =>
        times.OfType<TimeSpan>().ToList() is { Count: > 0 } values ? Seconds(values.Max().TotalSeconds) : "n/a";

    private static string Part<T>(IReadOnlyList<T> runs, Func<T, TimeSpan?> part)
    {
        var values = runs.Select(part).OfType<TimeSpan>().ToList();
        return values.Count == 0 ? "n/a" : Seconds(Median(values));
    }

    /// <summary>Each step's median duration, up to the next step seen, in the order the steps came.</summary>
    private static string Steps(IEnumerable<DeployTiming> timings)
    {
        var all = timings.ToList();
        var durations = all.SelectMany(t => t.Steps.Zip(t.Steps.Skip(1).Select(n => n.Seen).Append(t.Live), (s, next) => (s.Step, Duration: next - s.Seen)))
            .ToList();
        var order = all.SelectMany(t => t.Steps).GroupBy(s => s.Step).OrderBy(g => Median(g.Select(s => s.Seen))).Select(g => g.Key);
        return string.Join(", ", order.Select(step =>
            $"{step} {Median(durations.Where(d => d.Step == step).Select(d => d.Duration)).ToString("0.00", CultureInfo.InvariantCulture)}"));
    }

    public static double Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");

    private static string Milliseconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms");

    private static string Opt(TimeSpan? time) => time is { } t ? Seconds(t.TotalSeconds) : "n/a";

    private static string List(IEnumerable<TimeSpan?> times) =>
        string.Join(", ", times.Select(t => t is { } v ? v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "none"));

    private static string List(IEnumerable<TimeSpan> times) => List(times.Select(t => (TimeSpan?)t));
}
