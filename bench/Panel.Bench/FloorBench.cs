using DropIt.Panel.Core.Common;
using DropIt.Panel.Data;
using DropIt.Panel.Data.Embedded;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Bench;

/// <summary>
/// The memory floor of the panel's stack, without the panel (decision 070): <c>bench/StackFloor</c> serves one page of 25
/// projects at three levels (an empty Blazor Server page; a MudBlazor layout and table; that table filled by EF Core
/// from the panel's model, on a database the panel's migrations created). Each level is measured as the panel is:
/// 5 GETs, 3 s to settle, the median of 3 readings of VmRSS.
/// Usage: dotnet run --project bench/Panel.Bench -c Release -- floor
/// </summary>
internal static class FloorBench
{
    private static readonly (string Level, string Label)[] Levels =
    [
        ("blazor", "Blazor Server, one page"),
        ("mudblazor", "+ MudBlazor layout and table"),
        ("efcore", "+ EF Core on Npgsql, the panel's model, one query"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [])
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- floor");
            return 2;
        }

        var project = Path.Combine(BenchPaths.RepoRoot(), "bench", "StackFloor");
        var build = await Command.RunAsync("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "quiet"]);
        if (!build.Succeeded)
        {
            await Console.Error.WriteLineAsync($"Could not build {project}: {Command.Tail(build.Output + build.Error)}");
            return 1;
        }

        var clusterFolder = Directory.CreateTempSubdirectory("dropit-bench-floor-pg-").FullName;
        EmbeddedPostgres? cluster = null;
        try
        {
            cluster = EmbeddedPostgres.Start(clusterFolder, null, null);
            var connectionString = cluster.ConnectionString("floor");
            var options = new DbContextOptionsBuilder<PanelDbContext>().UseNpgsql(connectionString).Options;
            await using (var db = new PanelDbContext(options))
            {
                await db.Database.MigrateAsync();
            }

            await Seeder.SeedAsync(connectionString, 25, 4);
            var rows = new List<Row>();
            var splits = new List<string>();
            foreach (var (level, label) in Levels)
            {
                var reading = await MeasureAsync(Path.Combine(project, "bin", "Release", "net10.0"), level, connectionString);
                rows.Add(Report.Rss($"RSS, {label}", reading));
                splits.Add($"{level,-9} {reading.Split}");
            }

            Report.Print(rows);
            Console.WriteLine();
            splits.ForEach(Console.WriteLine);
            Console.WriteLine("The goal is the panel's (issue 23). The panel itself: dotnet run --project bench/Panel.Bench -c Release.");
            Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- floor");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or PanelStartupException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            return 1;
        }
        finally
        {
            cluster?.Stop();
            Directory.Delete(clusterFolder, recursive: true);
        }
    }

    private static async Task<MemoryReading> MeasureAsync(string binFolder, string level, string connectionString)
    {
        await using var process = PanelProcess.Start(binFolder, new Dictionary<string, string?>
        {
            ["STACKFLOOR_CONNECTION"] = connectionString,
        }, "StackFloor.dll", [level]);
        await process.WaitReadyAsync(TimeSpan.FromSeconds(60), "/");
        using var client = Browser.Create(process.BaseAddress);
        // The efcore level lists the seeded projects; the others list rows of their own.
        var firstRow = level == "efcore" ? "bench-project-0000" : ">project-0000<";
        for (var i = 0; i < 5; i++)
        {
            var page = System.Text.Encoding.UTF8.GetString(await Timing.GetAsync(client, "/"));
            if (!page.Contains(firstRow, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The {level} page does not list the projects.");
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var reading = await MemoryReading.MedianAsync(process.Id);
        await process.StopAsync();
        return reading;
    }
}
