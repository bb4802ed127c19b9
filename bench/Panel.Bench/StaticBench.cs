using System.Globalization;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "static": upload-to-live of a static site release. A generated site (5,000 files, a zip of about 20 MB) is
/// uploaded through the API 2 times untimed, then 7 times timed from the start of the POST to its 201 (the release is
/// live then); after each upload the static edge must serve that release's <c>index.html</c> (checked, not timed). Each
/// of those changes only <c>index.html</c>, as a redeploy of a front end whose hashed assets did not change; 3 more
/// uploads bring a site whose every file is new, the case where nothing is shared with the live release.
/// Then the panel's RSS is read every 50 ms while a 200 MB zip streams from disk. Prints a report; exits 0 whatever
/// the figures, 1 when it could not measure (the panel did not start, an upload was refused).
/// </summary>
internal static class StaticBench
{
    public const double GoalSeconds = 1.0;
    public const double PlainRatioGoal = 0.4;
    public const string TmpfsParent = "/dev/shm";
    public const double FlatGrowthGoal = 0.1;
    private const int Warmups = 2, Runs = 7, NewSiteRuns = 3;
    private const long LargeZipBytes = 200L * 1024 * 1024;
    private const int LargeEntryBytes = 128 * 1024;
    private static readonly TimeSpan ServedTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CompressedTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- static");
            return 2;
        }

        var teardown = new Teardown();
        StaticContext? context = null;
        try
        {
            Console.WriteLine("Starting PostgreSQL and the panel (static edge: nginx run by the panel)...");
            var loadBefore = LoadAverage();
            context = await StaticSetup.StartAsync(teardown);
            var site = await MeasureSiteAsync(context, teardown, plainParent: null);
            var memory = await MeasureLargeUploadAsync(context, teardown);
            SiteFigures? tmpfs = null;
            if (Directory.Exists(TmpfsParent))
            {
                Console.WriteLine($"Starting a second panel whose data folder is on tmpfs ({TmpfsParent})...");
                var onTmpfs = await StaticSetup.StartAsync(teardown, TmpfsParent);
                tmpfs = await MeasureSiteAsync(onTmpfs, teardown, TmpfsParent);
            }

            Console.WriteLine();
            StaticReport.Print(site, memory, tmpfs);
            Console.WriteLine($"Machine load (1-minute load average) before / after: {loadBefore} / {LoadAverage()} on {Environment.ProcessorCount} cores.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
            or TaskCanceledException or PanelStartupException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            if (context is not null)
            {
                await Console.Error.WriteLineAsync($"Last lines of the panel's output:\n{context.Panel.OutputTail()}");
            }

            return 1;
        }
        finally
        {
            Console.WriteLine("Stopping the panel and its nginx, removing the cluster and the temporary folders...");
            await teardown.RunAsync();
        }
    }

    /// <param name="context">The panel and site the uploads go to.</param>
    /// <param name="teardown">Where the plain extraction's folder is registered.</param>
    /// <param name="plainParent">Where the plain extraction goes: null for the temporary folder, else the tmpfs the panel's data is on.</param>
    private static async Task<SiteFigures> MeasureSiteAsync(StaticContext context, Teardown teardown, string? plainParent)
    {
        var releases = context.Releases;
        var plainFolder = plainParent is null
            ? Directory.CreateTempSubdirectory("dropit-bench-unzip-").FullName
            : Directory.CreateDirectory(Path.Combine(plainParent, $"dropit-bench-unzip-{Guid.NewGuid():N}")).FullName;
        teardown.AddFolder(plainFolder);
        var files = SiteZips.Site();
        var uncompressed = files.Sum(f => (long)f.Content.Length) + SiteZips.IndexHtml("warm-up-1").Length;
        var zipBytes = SiteZips.Zip(files, "warm-up-1").LongLength;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Site: {files.Count + 1:N0} files, {Mb(uncompressed):0.0} MB uncompressed, zip {Mb(zipBytes):0.0} MB " +
            $"(text deflated, binary stored). {Warmups} warm-up uploads, then {Runs} timed."));
        var runs = new List<SiteRun>();
        TimedUpload? first = null;
        TimeSpan? lastServer = null;
        for (var i = 1; i <= Warmups + Runs; i++)
        {
            var timed = i > Warmups;
            var marker = timed ? $"timed-{i - Warmups}" : $"warm-up-{i}";
            var zip = SiteZips.Zip(files, marker);
            var upload = await releases.UploadAsync(zip, $"{marker}.zip");
            var server = await PlainExtraction.NextServerTimeAsync(context.Panel, lastServer);
            lastServer = server ?? lastServer;
            var served = await releases.WaitServedAsync(marker, ServedTimeout);
            // The twins are written after the 201: the plain extraction runs once they are, not beside them.
            var compressed = await releases.WaitCompressedAsync(CompressedTimeout);
            var label = timed ? $"run {i - Warmups}" : $"warm-up {i}";
            var plain = timed ? PlainExtraction.Extract(zip, plainFolder) : (TimeSpan?)null;
            var plainText = plain is { } p ? string.Create(CultureInfo.InvariantCulture, $", plain extraction {p.TotalSeconds:0.000} s") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label}: {upload.Elapsed.TotalSeconds:0.000} s to 201 (panel's log: {server?.TotalSeconds:0.000} s), twins {Compressed(compressed)}{plainText}, {Served(served, releases)}"));
            if (timed)
            {
                first ??= upload;
                runs.Add(new SiteRun(upload.Elapsed, server, plain!.Value, served, compressed));
            }
        }

        var newSites = new List<SiteRun>();
        for (var i = 1; i <= NewSiteRuns; i++)
        {
            // A site whose every file is new to the panel: nothing can be shared with the live release.
            newSites.Add(await MeasureNewSiteAsync(context, plainFolder, i));
        }

        return new SiteFigures(files.Count + 1, uncompressed, zipBytes, first!, runs) { NewSites = newSites };
    }

    private static async Task<SiteRun> MeasureNewSiteAsync(StaticContext context, string plainFolder, int variant)
    {
        var marker = $"new-site-{variant}";
        var zip = SiteZips.Zip(SiteZips.Site(variant), marker);
        var upload = await context.Releases.UploadAsync(zip, $"{marker}.zip");
        var served = await context.Releases.WaitServedAsync(marker, ServedTimeout);
        var compressed = await context.Releases.WaitCompressedAsync(CompressedTimeout);
        var plain = PlainExtraction.Extract(zip, plainFolder);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  every file new {variant}: {upload.Elapsed.TotalSeconds:0.000} s to 201, twins {Compressed(compressed)}, plain extraction {plain.TotalSeconds:0.000} s, {Served(served, context.Releases)}"));
        return new SiteRun(upload.Elapsed, null, plain, served, compressed);
    }

    private static async Task<MemoryFigures> MeasureLargeUploadAsync(StaticContext context, Teardown teardown)
    {
        var folder = Directory.CreateTempSubdirectory("dropit-bench-zip-").FullName;
        teardown.AddFolder(folder);
        var path = Path.Combine(folder, "large.zip");
        const string Marker = "large";
        var fileCount = SiteZips.WriteLarge(path, LargeZipBytes, LargeEntryBytes, Marker);
        var zipBytes = new FileInfo(path).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Memory: a {Mb(zipBytes):0.0} MB zip of {fileCount:N0} stored random files, streamed from disk; panel RSS every " +
            $"{RssSamples.Interval.TotalMilliseconds:0} ms."));

        var pid = context.Panel.Id;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var baseline = RssSamples.Median(await RssSamples.ForAsync(pid, TimeSpan.FromSeconds(2)));
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(() => RssSamples.UntilAsync(pid, stop.Token));
        TimedUpload upload;
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            upload = await context.Releases.UploadAsync(new StreamContent(file, 81920), "large.zip");
        }
        finally
        {
            await stop.CancelAsync();
        }

        var during = await sampling;
        var served = await context.Releases.WaitServedAsync(Marker, ServedTimeout);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Mb(zipBytes):0.0} MB upload: {upload.Elapsed.TotalSeconds:0.00} s to 201, {during.Count} RSS readings, {Served(served, context.Releases)}"));
        return new MemoryFigures(zipBytes, fileCount, upload.Elapsed, baseline, during.Max(), served);
    }

    /// <summary>The 1-minute load average: other work on a shared machine slows every upload.</summary>
    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private static string Compressed(TimeSpan? compressed) => compressed is { } after
        ? string.Create(CultureInfo.InvariantCulture, $"written {after.TotalSeconds:0.000} s after it")
        : $"NOT written within {CompressedTimeout.TotalSeconds:0} s";

    private static string Served(TimeSpan? served, SiteReleases releases) => served switch
    {
        null => $"index.html of this release NOT served by the edge within {ServedTimeout.TotalSeconds:0} s (last answer: {releases.LastEdgeAnswer})",
        { Ticks: 0 } => "index.html of this release served by the edge at once",
        { } after => string.Create(CultureInfo.InvariantCulture,
            $"index.html of this release served by the edge only after {after.TotalMilliseconds:0} ms"),
    };
}

/// <summary>One timed upload; <c>Compressed</c> is from the 201 until the twins were written (the zip gone), null when not within a minute.</summary>
internal sealed record SiteRun(TimeSpan Elapsed, TimeSpan? Server, TimeSpan Plain, TimeSpan? Served, TimeSpan? Compressed);

internal sealed record SiteFigures(int FileCount, long UncompressedBytes, long ZipBytes, TimedUpload FirstTimed, List<SiteRun> Runs)
{
    /// <summary>Uploads of a site whose every file differs from the live release's (nothing shared).</summary>
    public List<SiteRun> NewSites { get; init; } = [];
}

internal sealed record MemoryFigures(long ZipBytes, int FileCount, TimeSpan Elapsed, double BaselineRssMb, double PeakRssMb, TimeSpan? Served);
