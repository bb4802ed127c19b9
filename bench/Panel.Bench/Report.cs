using System.Globalization;

namespace DropIt.Panel.Bench;

internal sealed record Row(string Metric, string Value, string Goal, string Verdict);

/// <summary>The printed result: one table of figures beside their goals. It informs; it never fails the run.</summary>
internal static class Report
{
    public const double RssGoalMb = 150;
    public const double ListGoalMs = 50;
    public const double GrowthGoalMb = 20;

    public static Row Rss(string metric, MemoryReading reading) =>
        new(metric, Format(reading.RssMb, "MB"), $"<= {RssGoalMb:0} MB", Verdict(reading.RssMb <= RssGoalMb));

    /// <summary>What <paramref name="after"/> holds more than <paramref name="before"/>, against the goal for 500 projects.</summary>
    public static Row Growth(string metric, MemoryReading before, MemoryReading after) =>
        new(metric, Format(after.RssMb - before.RssMb, "MB"), $"<= +{GrowthGoalMb:0} MB",
            Verdict(after.RssMb - before.RssMb <= GrowthGoalMb));

    public static Row ListMedian(Timing list) =>
        new("Project list, median", Format(list.MedianMs, "ms"), $"<= {ListGoalMs:0} ms", Verdict(list.MedianMs <= ListGoalMs));

    public static Row Info(string metric, string value) => new(metric, value, "-", "-");

    public static string Format(double value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {unit}");

    public static void Print(IReadOnlyList<Row> rows)
    {
        string[] header = ["metric", "value", "goal", "verdict"];
        var widths = Enumerable.Range(0, header.Length)
            .Select(i => rows.Select(r => Cells(r)[i].Length).Append(header[i].Length).Max())
            .ToArray();
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(Cells(row), widths));
        }
    }

    public static string Verdict(bool within) => within ? "within goal" : "over goal";

    private static string[] Cells(Row row) => [row.Metric, row.Value, row.Goal, row.Verdict];

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
