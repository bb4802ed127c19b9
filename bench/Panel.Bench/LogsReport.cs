using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>The logs mode's table: lines a second into a real page, lines lost, and the panel's RSS with 10 pages following.</summary>
internal static class LogsReport
{
    public const double LinesGoal = 20_000;
    public const double RssGoalMb = 250;

    public static void Print(IReadOnlyList<ThroughputRun>? throughput, LogsMemoryFigures? memory)
    {
        var rows = new List<Row>();
        if (throughput is { Count: > 0 })
        {
            foreach (var run in throughput)
            {
                rows.Add(Rate($"Lines/s into the page, run {run.Run}", run.LinesPerSecond,
                    Text($" ({run.Counter.Received:N0} lines in {run.Counter.FirstToLast?.TotalSeconds:0.00} s)")));
            }

            var rates = throughput.Where(r => r.LinesPerSecond is not null).Select(r => r.LinesPerSecond!.Value).ToList();
            double? median = rates.Count > 0 ? RssSamples.Median(rates) : null;
            rows.Add(Rate("Lines/s into the page, median", median, ""));
            rows.Add(Report.Info("Median / goal", median is { } m ? Text($"{m / LinesGoal:0.00} x") : "-"));
            var lost = throughput.Sum(r => r.Lost);
            var dropped = throughput.Sum(r => r.Counter.Dropped);
            rows.Add(new Row($"Lines lost, {throughput.Count} runs of {throughput[0].Total:N0}",
                Text($"{lost:N0} (the view reports {dropped:N0} dropped)"), "0", Verdict(lost == 0)));
            var ends = throughput.Count(r => r.LastLineShown);
            rows.Add(new Row("The view showed the last line written", Text($"{ends} of {throughput.Count} runs"), "every run",
                Verdict(ends == throughput.Count)));
        }

        if (memory is not null)
        {
            var pages = memory.Pages.Count;
            var peak = memory.Peak;
            rows.Add(Report.Info("RSS before the pages", Report.Format(memory.Baseline.RssMb, "MB")));
            rows.Add(Rss($"RSS peak, {pages} pages following", peak.RssMb));
            rows.Add(Rss($"RSS median, {pages} pages following", memory.MedianMb));
            rows.Add(Report.Info("Peak / goal", Text($"{peak.RssMb / RssGoalMb:0.00} x")));
            var perPage = memory.Pages.Select(p => p.Received / memory.Window.TotalSeconds).ToList();
            rows.Add(Report.Info("Lines/s each page received",
                Text($"{perPage.Min():N0} to {perPage.Max():N0} of {memory.LinesPerSecond:N0} written ({memory.Pages.Sum(p => p.Received):N0} lines in {memory.Window.TotalSeconds:0} s)")));
            rows.Add(Report.Info(Text($"RSS {LogsMemory.Settle.TotalSeconds:0} s after the pages closed"), Report.Format(memory.After.RssMb, "MB")));
            rows.Add(new Row(Text($"Docker log streams open, {pages} pages following"), Text($"{memory.StreamsFollowing}"),
                Text($"{pages}"), Verdict(memory.StreamsFollowing == pages)));
            rows.Add(new Row("Docker log streams open after the pages closed", Text($"{memory.StreamsAfter}"), "0",
                Verdict(memory.StreamsAfter == 0)));
            rows.Add(new Row("Lines dropped by the views", Text($"{memory.Pages.Sum(p => p.Dropped):N0}"), "0",
                Verdict(memory.Pages.All(p => p.Dropped == 0))));
        }

        Report.Print(rows);
        if (memory is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"RSS split at the peak: {memory.Peak.Split}");
            Console.WriteLine($"RSS split before:      {memory.Baseline.Split}");
            Console.WriteLine(Text($"RSS readings: {memory.During.Count}, every {LogsMemory.Interval.TotalMilliseconds:0} ms."));
        }
    }

    private static Row Rate(string metric, double? perSecond, string detail) =>
        new(metric, perSecond is { } r ? Text($"{r:N0} lines/s{detail}") : "not measured",
            Text($">= {LinesGoal:N0} lines/s"), perSecond is { } v ? Verdict(v >= LinesGoal) : "-");

    private static Row Rss(string metric, double mb) =>
        new(metric, Report.Format(mb, "MB"), Text($"<= {RssGoalMb:0} MB"), Verdict(mb <= RssGoalMb));

    private static string Verdict(bool within) => within ? "within goal" : "over goal";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
