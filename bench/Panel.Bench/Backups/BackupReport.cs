using System.Globalization;

namespace DropIt.Panel.Bench.Backups;

/// <summary>The backups mode's printed result: every run with its ratios and RSS, a median row, then the summary beside the goals.</summary>
internal static class BackupReport
{
    public const double RssGrowthGoalMb = 20;

    private static readonly string[] Header =
    [
        "run", "baseline s", "backup s", "backup wall s", "baseline MB/s", "backup MB/s", "time backup/baseline",
        "MB/s backup/baseline", "dump MB", "stored MB", "RSS before MB", "RSS max MB", "RSS growth MB",
    ];

    public static void Print(DatabaseSize size, IReadOnlyList<TimedRun> runs, MeasuredBackup? verified, IReadOnlyList<string> args)
    {
        var databaseMb = SampleData.Mb(size.DatabaseBytes);
        var rows = runs.Select(r => Figures(r, databaseMb)).ToList();
        var medians = Enumerable.Range(0, Header.Length - 1).Select(i => Median(rows.Select(f => f[i]))).ToArray();
        PrintRuns(rows.Select((f, i) => Cells(runs[i].Number.ToString(CultureInfo.InvariantCulture), f))
            .Append(Cells("median", medians)).ToList());

        Console.WriteLine();
        var largestGrowth = runs.Max(r => r.Backup.RssGrowthMb);
        List<Row> summary =
        [
            Report.Info("Database: pg_database_size / table t / rows",
                $"{Report.Format(databaseMb, "MB")} / {Report.Format(SampleData.Mb(size.TableBytes), "MB")} / {size.Rows:N0}"),
            Report.Info("Bare pg_dump -Fc | cat > /dev/null, median", $"{Seconds(medians[0])}, {Report.Format(medians[3], "MB/s")}"),
            Report.Info("Backup through the panel to S3 (finishedAt - startedAt), median", $"{Seconds(medians[1])}, {Report.Format(medians[4], "MB/s")}"),
            Report.Info("Backup, request to the poll that saw it end, median", Seconds(medians[2])),
            Report.Info("Time backup / baseline, median of the runs", string.Create(CultureInfo.InvariantCulture, $"{medians[5]:0.00} x")),
            Report.Info("Throughput backup / baseline, median of the runs", string.Create(CultureInfo.InvariantCulture, $"{medians[6]:0.00} x")),
            Report.Info("Dump (pg_dump -Fc -Z0) / stored (zstd), median",
                $"{Report.Format(medians[7], "MB")} / {Report.Format(medians[8], "MB")} ({medians[8] / databaseMb:0.00} of the database)"),
            new Row($"Panel RSS growth during a backup, largest of {runs.Count}", Report.Format(largestGrowth, "MB"),
                $"<= {RssGrowthGoalMb:0} MB", largestGrowth <= RssGrowthGoalMb ? "within goal" : "over goal"),
            Report.Info("Panel RSS growth during a backup, median", Report.Format(medians[11], "MB")),
            Report.Info("Panel RSS before the first backup / largest reading of all runs",
                $"{Report.Format(runs[0].Backup.RssBeforeMb, "MB")} / {Report.Format(runs.Max(r => r.Backup.RssMaxMb), "MB")}"),
        ];
        if (verified is not null)
        {
            var result = verified.Result;
            summary.Add(Report.Info("With verifyAfterBackup: backup / its test restore",
                $"{Seconds(result.Duration.TotalSeconds)} / {Seconds(((result.VerifiedAt ?? result.FinishedAt) - result.FinishedAt).TotalSeconds)} ({result.Verification})"));
            summary.Add(Report.Info("With verifyAfterBackup: RSS growth to the end of the test restore", Report.Format(verified.RssGrowthMb, "MB")));
        }

        Report.Print(summary);
        Console.WriteLine();
        Console.WriteLine("Not the same work on each side, printed as it is: the panel's backup runs pg_dump -Fc -Z0 (custom format, uncompressed) " +
            "in the database's container after counting each table's rows in the dump's snapshot, compresses with zstd level 3 in the panel " +
            "and uploads to S3 (s3rver on loopback, writing to disk); the baseline's pg_dump -Fc compresses with zlib inside pg_dump and " +
            "its output goes to /dev/null.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MB/s: pg_database_size ({databaseMb:0.0} MB) / time. RSS: VmRSS every {RssSamples.Interval.TotalMilliseconds:0} ms, MB of 1024 x 1024 bytes;"));
        Console.WriteLine("before = median of 2 s of readings just before the request, growth = largest reading until the backup was seen ended - before.");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, 1-minute load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- backups" + string.Concat(args.Select(a => " " + a)));
    }

    /// <summary>The numeric columns of one run, in the order of <see cref="Header"/> after "run".</summary>
    private static double[] Figures(TimedRun run, double databaseMb)
    {
        var baseline = run.Baseline.TotalSeconds;
        var backup = run.Backup.Result;
        var seconds = backup.Duration.TotalSeconds;
        return
        [
            baseline, seconds, backup.Wall.TotalSeconds, databaseMb / baseline, databaseMb / seconds, seconds / baseline, baseline / seconds,
            SampleData.Mb(backup.DumpBytes), SampleData.Mb(backup.SizeBytes), run.Backup.RssBeforeMb, run.Backup.RssMaxMb, run.Backup.RssGrowthMb,
        ];
    }

    private static string[] Cells(string first, double[] figures) =>
        [first, .. figures.Select((v, i) => v.ToString(i is 0 or 1 or 2 or 5 or 6 ? "0.00" : "0.0", CultureInfo.InvariantCulture))];

    private static void PrintRuns(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, Header.Length).Select(i => rows.Select(r => r[i].Length).Append(Header[i].Length).Max()).ToArray();
        Console.WriteLine(Line(Header, widths));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));

    private static double Median(IEnumerable<double> values) => RssSamples.Median(values);

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");
}
