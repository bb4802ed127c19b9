using System.Diagnostics;
using System.Globalization;

namespace DropIt.Panel.Bench.Backups;

/// <summary>
/// A backup as the bench measured it: the panel's own report, and the panel's RSS (MB) just before (the median of 2 s of
/// readings) and its largest reading from the request until the poll that saw the backup end.
/// </summary>
internal sealed record MeasuredBackup(BackupResult Result, double RssBeforeMb, double RssMaxMb, int RssReadings)
{
    public double RssGrowthMb => RssMaxMb - RssBeforeMb;
}

/// <summary>One run: the bare <c>pg_dump -Fc | cat</c> of the database, then a backup through the panel.</summary>
internal sealed record TimedRun(int Number, TimeSpan Baseline, MeasuredBackup Backup);

/// <summary>The baseline and the panel's backup of the same database, one after the other, and the panel's RSS during the backup.</summary>
internal static class BackupRuns
{
    /// <summary>The bare dump: <c>pg_dump -Fc</c> (zlib inside pg_dump) piped to <c>cat &gt; /dev/null</c> in the database's container.</summary>
    public const string BaselineCommand = "pg_dump -Fc -U " + BackupSetup.DatabaseUser + " -d " + BackupSetup.DatabaseName + " | cat > /dev/null";

    public static async Task<List<TimedRun>> RunAsync(BackupContext context, int runs)
    {
        var results = new List<TimedRun>();
        for (var number = 1; number <= runs; number++)
        {
            var baseline = await BaselineAsync(context.Container);
            var backup = await MeasureAsync(context, () => context.Backups.BackUpDatabaseAsync(context.DatabaseId), untilVerified: false);
            results.Add(new TimedRun(number, baseline, backup));
            var result = backup.Result;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {number}: baseline {baseline.TotalSeconds:0.00} s, backup {result.Duration.TotalSeconds:0.00} s " +
                $"(wall {result.Wall.TotalSeconds:0.00} s), dump {SampleData.Mb(result.DumpBytes):0.0} MB, stored {SampleData.Mb(result.SizeBytes):0.0} MB, " +
                $"RSS {backup.RssBeforeMb:0.0} -> max {backup.RssMaxMb:0.0} MB ({backup.RssReadings} readings)"));
        }

        return results;
    }

    /// <summary>From just before <c>docker exec</c> to its end; fails when pg_dump printed an error or the pipe failed.</summary>
    public static async Task<TimeSpan> BaselineAsync(string container)
    {
        var clock = Stopwatch.StartNew();
        var result = await Command.TryDockerAsync("exec", container, "sh", "-c", BaselineCommand);
        var elapsed = clock.Elapsed;
        return result.Succeeded && string.IsNullOrWhiteSpace(result.Error)
            ? elapsed
            : throw new InvalidOperationException($"The baseline dump failed (exit code {result.ExitCode}): {Command.Tail(result.Error)}");
    }

    /// <summary>
    /// Starts a backup with <paramref name="start"/> and polls it to its end, reading the panel's RSS every
    /// <see cref="RssSamples.Interval"/> meanwhile.
    /// </summary>
    public static async Task<MeasuredBackup> MeasureAsync(BackupContext context, Func<Task<Guid>> start, bool untilVerified)
    {
        var pid = context.Setup.Panel.Process.Id;
        var before = RssSamples.Median(await RssSamples.ForAsync(pid, TimeSpan.FromSeconds(2)));
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(() => RssSamples.UntilAsync(pid, stop.Token));
        BackupResult result;
        try
        {
            var clock = Stopwatch.StartNew();
            var id = await start();
            result = await context.Backups.WaitAsync(id, clock, untilVerified);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var during = await sampling;
        return new MeasuredBackup(result, before, during.Max(), during.Count);
    }
}
