using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>The static mode's table: upload-to-live of the 20 MB site, then memory during the 200 MB upload.</summary>
internal static class StaticReport
{
    /// <param name="site">The uploads to the panel whose data folder is on disk.</param>
    /// <param name="memory">The RSS during the large upload.</param>
    /// <param name="tmpfs">The same site uploaded to a second panel whose data folder is on tmpfs, or null when there is none.</param>
    public static void Print(SiteFigures site, MemoryFigures memory, SiteFigures? tmpfs)
    {
        var seconds = site.Runs.Select(r => r.Elapsed.TotalSeconds).Order().ToList();
        var median = seconds[seconds.Count / 2];
        var uncompressedMb = StaticBench.Mb(site.UncompressedBytes);
        var server = site.Runs.Where(r => r.Server is not null).Select(r => r.Server!.Value.TotalSeconds).Order().ToList();
        var plain = site.Runs.Select(r => r.Plain.TotalSeconds).Order().ToList()[site.Runs.Count / 2];
        var served = site.Runs.Count(r => r.Served == TimeSpan.Zero);
        var growth = memory.PeakRssMb - memory.BaselineRssMb;
        var growthRatio = growth / StaticBench.Mb(memory.ZipBytes);
        Report.Print(
        [
            Report.Info("Site zip", F($"{StaticBench.Mb(site.ZipBytes):0.0} MB zip, {site.FileCount:N0} files, {uncompressedMb:0.0} MB uncompressed")),
            Report.Info("Panel's count of the release", F($"{site.FirstTimed.ServerFileCount:N0} files, {StaticBench.Mb(site.FirstTimed.ServerBytes):0.0} MB")),
            new Row($"Upload-to-live, median of {site.Runs.Count}", F($"{median:0.000} s"), F($"<= {StaticBench.GoalSeconds:0.0} s"),
                Verdict(median <= StaticBench.GoalSeconds)),
            Report.Info("Median / goal", F($"{median / StaticBench.GoalSeconds:0.00} x")),
            Report.Info("Upload-to-live, fastest / slowest", F($"{seconds[0]:0.000} s / {seconds[^1]:0.000} s")),
            Report.Info("Extraction throughput", F($"{uncompressedMb / median:0.0} MB/s (uncompressed MB / median)")),
            Report.Info("Server time (the panel's request log), median",
                server.Count == 0 ? "not in the log" : F($"{server[server.Count / 2]:0.000} s ({server.Count} runs)")),
            Report.Info("Plain extraction (ZipFile.ExtractToDirectory), median", F($"{plain:0.000} s ({uncompressedMb / plain:0.0} MB/s)")),
            new Row("Ratio upload-to-live / plain extraction (disk)", F($"{median / plain:0.00} x"), F($"<= {StaticBench.PlainRatioGoal:0.0} x"),
                Verdict(median / plain <= StaticBench.PlainRatioGoal)),
            new Row("Edge serves the new index.html at the 201", F($"{served} of {site.Runs.Count} runs"), F($"{site.Runs.Count} of {site.Runs.Count}"),
                Verdict(served == site.Runs.Count)),
            Report.Info("Compressed twins written, after the 201, median", Twins(site)),
            .. NewSiteRows(site, "disk"),
            Report.Info("RSS before the large upload (median, 2 s idle)", F($"{memory.BaselineRssMb:0.0} MB")),
            Report.Info($"RSS peak during the {StaticBench.Mb(memory.ZipBytes):0} MB upload", F($"{memory.PeakRssMb:0.0} MB")),
            new Row("RSS peak growth", F($"{growth:0.0} MB = {growthRatio:0.00} x the upload"),
                F($"flat: <= {StaticBench.FlatGrowthGoal:0.0} x the upload"), Verdict(growthRatio <= StaticBench.FlatGrowthGoal)),
            Report.Info($"{StaticBench.Mb(memory.ZipBytes):0} MB upload-to-live",
                F($"{memory.Elapsed.TotalSeconds:0.00} s ({StaticBench.Mb(memory.ZipBytes) / memory.Elapsed.TotalSeconds:0} MB/s)")),
            .. TmpfsRows(tmpfs),
        ]);
        Console.WriteLine();
        Console.WriteLine(F($"During the {StaticBench.Mb(memory.ZipBytes):0} MB upload the panel's peak RSS grew by {growth:0.0} MB = {growthRatio:0.00} x the upload."));
        Console.WriteLine(F($"Runs (s): {string.Join(", ", site.Runs.Select(r => r.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}."));
        if (tmpfs is not null)
        {
            Console.WriteLine(F($"Runs on tmpfs (s): {string.Join(", ", tmpfs.Runs.Select(r => r.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}."));
        }
        Console.WriteLine("MB are 1024 x 1024 bytes. Upload-to-live: from the start of the POST (multipart field \"file\") to its 201, " +
            "over loopback; the throughput counts the whole upload-to-live, not extraction alone. RSS: VmRSS of the panel process " +
            $"(its nginx not counted), read every {RssSamples.Interval.TotalMilliseconds:0} ms.");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- static");
    }

    private static Row[] TmpfsRows(SiteFigures? tmpfs)
    {
        if (tmpfs is null)
        {
            return [Report.Info("Upload-to-live on tmpfs", "not measured (no /dev/shm)")];
        }

        var median = Median(tmpfs.Runs.Select(r => r.Elapsed.TotalSeconds));
        var plain = Median(tmpfs.Runs.Select(r => r.Plain.TotalSeconds));
        var served = tmpfs.Runs.Count(r => r.Served == TimeSpan.Zero);
        return
        [
            new Row($"Upload-to-live on tmpfs, median of {tmpfs.Runs.Count}", F($"{median:0.000} s"), F($"<= {StaticBench.GoalSeconds:0.0} s"),
                Verdict(median <= StaticBench.GoalSeconds)),
            Report.Info("Plain extraction on tmpfs, median", F($"{plain:0.000} s")),
            Report.Info("Ratio upload-to-live / plain extraction (tmpfs)", F($"{median / plain:0.00} x")),
            new Row("Edge serves the new index.html at the 201 (tmpfs)", F($"{served} of {tmpfs.Runs.Count} runs"),
                F($"{tmpfs.Runs.Count} of {tmpfs.Runs.Count}"), Verdict(served == tmpfs.Runs.Count)),
            Report.Info("Compressed twins written, after the 201 (tmpfs)", Twins(tmpfs)),
            .. NewSiteRows(tmpfs, "tmpfs"),
        ];
    }

    /// <summary>Uploads where every file is new: what a first release, or a rebuild that renames every asset, costs.</summary>
    private static Row[] NewSiteRows(SiteFigures site, string where)
    {
        if (site.NewSites.Count == 0)
        {
            return [];
        }

        var median = Median(site.NewSites.Select(r => r.Elapsed.TotalSeconds));
        var plain = Median(site.NewSites.Select(r => r.Plain.TotalSeconds));
        return
        [
            Report.Info($"Every file new: upload-to-live, median of {site.NewSites.Count} ({where})", F($"{median:0.000} s")),
            Report.Info($"Every file new: ratio to plain extraction ({where})", F($"{median / plain:0.00} x (plain {plain:0.000} s)")),
        ];
    }

    /// <summary>The twins are written in the background once the release is live; the edge serves the plain files meanwhile.</summary>
    private static string Twins(SiteFigures site)
    {
        var done = site.Runs.Where(r => r.Compressed is not null).Select(r => r.Compressed!.Value.TotalSeconds).ToList();
        return done.Count == 0 ? "never within the wait" : F($"{Median(done):0.000} s ({done.Count} of {site.Runs.Count} runs)");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Verdict(bool within) => within ? "within goal" : "over goal";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
