using System.Security.Cryptography;
using DropIt.Panel.Bench;
using DropIt.Panel.Bench.Backups;
using DropIt.Panel.Bench.Databases;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Data.Embedded;
using DropIt.Panel.TestSupport;

// Benchmark of the panel as shipped: RSS after start-up, RSS with 500 projects / 2,000 services (and its growth), and the
// server time of the project list at that size. Prints a report; exits 0 whatever the figures (1 when it could not measure).
// Usage: dotnet run --project bench/Panel.Bench -c Release [-- [--mappings] [--env KEY=VALUE ...]]
//        dotnet run --project bench/Panel.Bench -c Release -- deploy [--only zero-downtime]   (zero downtime and deploy times: see DeployBench)
//        dotnet run --project bench/Panel.Bench -c Release -- compose   (redeploys of a compose stack under load, against the same API as an application: see ComposeBench)
//        dotnet run --project bench/Panel.Bench -c Release -- routing   (writing Traefik's dynamic folder: see RoutingBench)
//        dotnet run --project bench/Panel.Bench -c Release -- static   (upload-to-live of a static site release, memory during a 200 MB upload: see StaticBench)
//        dotnet run --project bench/Panel.Bench -c Release -- logs [--only memory|throughput]   (live logs in a real browser: lines/s, memory with 10 pages: see LogsBench)
//        dotnet run --project bench/Panel.Bench -c Release -- databases [--only create|downtime] [--runs N]   (create-to-ready and redeploy downtime of PostgreSQL: see DatabaseBench)
//        dotnet run --project bench/Panel.Bench -c Release -- backups [--size-mb N] [--runs N] [--verify]   (a PostgreSQL backup to S3 against a bare pg_dump, RSS growth: see BackupBench)
//        dotnet run --project bench/Panel.Bench -c Release -- floor   (the memory of the panel's stack without the panel: see FloorBench)
//   --env: an extra environment variable for the panel process, for experiments (e.g. DOTNET_GCgen0size=0x400000).
//   --mappings: also print where the resident memory sits (largest mappings of /proc/<pid>/smaps).
//   --hold SECONDS: keep the loaded panel running that long after the readings (to look at it with dotnet-gcdump, say).
const string AdminEmail = "bench@dropit.test";
const string AdminPassword = "Bench-Password-2026";
const int Projects = 500, ServicesPerProject = 4, Warmups = 5, TimedRequests = 40, IdleSeconds = 60;

if (args is ["deploy", .. var deployArgs])
{
    return await DeployBench.RunAsync(deployArgs);
}

if (args is ["compose", .. var composeArgs])
{
    return await ComposeBench.RunAsync(composeArgs);
}

if (args is ["routing", .. var routingArgs])
{
    return await RoutingBench.RunAsync(routingArgs);
}

if (args is ["static", .. var staticArgs])
{
    return await StaticBench.RunAsync(staticArgs);
}

if (args is ["logs", .. var logsArgs])
{
    return await LogsBench.RunAsync(logsArgs);
}

if (args is ["databases", .. var databaseArgs])
{
    return await DatabaseBench.RunAsync(databaseArgs);
}

if (args is ["floor", .. var floorArgs])
{
    return await FloorBench.RunAsync(floorArgs);
}

if (args is ["backups", .. var backupArgs])
{
    return await BackupBench.RunAsync(backupArgs);
}

var showMappings = args.Contains("--mappings");
var holdAt = Array.IndexOf(args, "--hold");
var holdSeconds = 0;
if (holdAt >= 0 && (holdAt + 1 >= args.Length || !int.TryParse(args[holdAt + 1], out holdSeconds) || holdSeconds < 1))
{
    holdSeconds = -1;
}

if (holdSeconds < 0
    || ParseEnvironment(args.Where((a, i) => a != "--mappings" && (holdAt < 0 || (i != holdAt && i != holdAt + 1))).ToArray()) is not { } extraEnvironment)
{
    await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release [-- [--mappings] [--hold SECONDS] [--env KEY=VALUE ...]]");
    return 2;
}

var binFolder = BenchPaths.PanelBinFolder();
var clusterFolder = Directory.CreateTempSubdirectory("dropit-bench-pg-").FullName;
var dataFolder = Directory.CreateTempSubdirectory("dropit-bench-data-").FullName;
EmbeddedPostgres? cluster = null;
PanelProcess? panel = null;
try
{
    cluster = EmbeddedPostgres.Start(clusterFolder, null, null, maxConnections: 200);
    var connectionString = cluster.ConnectionString("bench");
    var environment = new Dictionary<string, string?>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Panel"] = connectionString,
        ["Panel__DataPath"] = dataFolder,
        ["Panel__Bootstrap__AdminEmail"] = AdminEmail,
        ["Panel__Bootstrap__AdminPassword"] = AdminPassword,
        ["Panel__Bootstrap__ApiToken"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
    };
    foreach (var (key, value) in extraEnvironment)
    {
        environment[key] = value;
    }

    // The first start creates the schema; the restart finds it current, as a panel on a server almost always does.
    panel = PanelProcess.Start(binFolder, environment);
    var firstStart = await StartedReadingAsync(panel);
    await panel.StopAsync();
    await panel.DisposeAsync();
    panel = PanelProcess.Start(binFolder, environment);
    var idle = await StartedReadingAsync(panel);
    // What an operator sees on a panel left alone: another reading after a minute without requests.
    await Task.Delay(TimeSpan.FromSeconds(IdleSeconds));
    var minuteIdle = await MemoryReading.MedianAsync(panel.Id);
    using var client = Browser.Create(panel.BaseAddress);
    await Browser.SignInAsync(client, AdminEmail, AdminPassword);

    await Seeder.SeedAsync(connectionString, Projects, ServicesPerProject);
    var page = System.Text.Encoding.UTF8.GetString(await Timing.GetAsync(client, "/projects"));
    if (!page.Contains("bench-project-0000", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("The project list does not show the seeded projects.");
    }

    var (list, health) = await Timing.MeasureSideBySideAsync(client, "/projects", "/health/live", Warmups, TimedRequests);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var loaded = await MemoryReading.MedianAsync(panel.Id);
    // The same panel left alone for a minute with that data, as the reading before the load was.
    await Task.Delay(TimeSpan.FromSeconds(IdleSeconds));
    var loadedIdle = await MemoryReading.MedianAsync(panel.Id);
    if (showMappings)
    {
        Mappings.PrintLargest(panel.Id, 15);
    }

    if (holdSeconds > 0)
    {
        Console.WriteLine($"Panel process {panel.Id} kept running for {holdSeconds} s (--hold), loaded.");
        await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
    }

    Report.Print(
    [
        Report.Rss("RSS after the first start-up (schema created)", firstStart),
        Report.Rss("RSS after start-up (restart, schema current)", idle),
        Report.Rss($"RSS {IdleSeconds} s later, idle", minuteIdle),
        Report.Rss($"RSS with {Projects} projects / {Projects * ServicesPerProject:N0} services", loaded),
        Report.Rss($"RSS with {Projects} projects, {IdleSeconds} s later, idle", loadedIdle),
        Report.Growth($"Growth with {Projects} projects, right after the requests", minuteIdle, loaded),
        Report.Growth($"Growth with {Projects} projects, each {IdleSeconds} s idle", minuteIdle, loadedIdle),
        Report.ListMedian(list),
        Report.Info("Project list, p90", Report.Format(list.P90Ms, "ms")),
        Report.Info("Project list, HTML size", Report.Format(list.Bytes / 1024.0, "KB")),
        Report.Info("/health/live, median", Report.Format(health.MedianMs, "ms")),
        Report.Info("Ratio list / health (medians)", Report.Format(list.MedianMs / health.MedianMs, "x")),
    ]);
    Console.WriteLine();
    Console.WriteLine($"RSS split, first:    {firstStart.Split}");
    Console.WriteLine($"RSS split, start-up: {idle.Split}");
    Console.WriteLine($"RSS split, idle:     {minuteIdle.Split}");
    Console.WriteLine($"RSS split, loaded:   {loaded.Split}");
    Console.WriteLine($"RSS split, loaded, idle: {loadedIdle.Split}");
    Console.WriteLine("For comparison: Dokploy's panel idles at about 460 MiB. RSS: median of 3 readings of VmRSS, 1 s apart; " +
        $"times: median of {TimedRequests} GETs after {Warmups} warm-ups, send to end of body, over loopback.");
    Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args)));
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
    or PanelStartupException)
{
    await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
    return 1;
}
finally
{
    if (panel is not null)
    {
        await panel.StopAsync();
        await panel.DisposeAsync();
    }

    cluster?.Stop();
    Directory.Delete(clusterFolder, recursive: true);
    Directory.Delete(dataFolder, recursive: true);
}

// Signed in, /projects fetched a few times, a moment to settle, then the median of three readings.
static async Task<MemoryReading> StartedReadingAsync(PanelProcess panel)
{
    using var client = Browser.Create(panel.BaseAddress);
    // Generous: on a loaded machine the start-up alone has taken over a minute.
    await panel.WaitReadyAsync(TimeSpan.FromSeconds(180), "/health/ready");
    await Browser.SignInAsync(client, AdminEmail, AdminPassword);
    for (var i = 0; i < Warmups; i++)
    {
        await Timing.GetAsync(client, "/projects");
    }

    await Task.Delay(TimeSpan.FromSeconds(3));
    return await MemoryReading.MedianAsync(panel.Id);
}

static List<KeyValuePair<string, string>>? ParseEnvironment(string[] args)
{
    var pairs = new List<KeyValuePair<string, string>>();
    for (var i = 0; i < args.Length; i++)
    {
        var parts = args[i] == "--env" && i + 1 < args.Length ? args[++i].Split('=', 2) : null;
        if (parts is not [var key, var value] || key.Length == 0)
        {
            return null;
        }

        pairs.Add(new(key, value));
    }

    return pairs;
}
