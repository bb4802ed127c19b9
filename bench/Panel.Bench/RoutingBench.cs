using System.Diagnostics;
using DropIt.Panel.Core.Routing.Traefik;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "routing": generates and writes Traefik's whole dynamic folder for 1,000 services with 2 domains each into a
/// fresh temp folder (validation, atomic writes, flushed to disk), 7 runs, and prints the median (goal: 200 ms or
/// less). Then changes one service, reconciles again and prints how many files were rewritten (expected: 1).
/// Prints, never asserts; exits 0 (2 on bad arguments).
/// </summary>
public static class RoutingBench
{
    private const int Services = 1000;
    private const int Runs = 7;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- routing");
            return 2;
        }

        var schema = await TraefikSchema.LoadAsync();
        var services = Enumerable.Range(0, Services).Select(Service).ToList();
        var panel = new PanelRoute("panel.example.com", "http://dropit-panel:8080", null, [], []);
        var root = Directory.CreateTempSubdirectory("dropit-bench-routing-").FullName;
        try
        {
            // Warm-up: JIT (up to the optimised tier), schema, serializer caches.
            for (var warmUp = 0; warmUp < 3; warmUp++)
            {
                await new DynamicFolderWriter(Path.Combine(root, $"warm-up-{warmUp}"), schema).ReconcileAsync(TraefikConfigBuilder.DynamicFolder(services, panel));
            }

            var timings = new List<double>();
            var cpu = new List<double>();
            DynamicFolderWriter? writer = null;
            using var process = Process.GetCurrentProcess();
            for (var run = 0; run < Runs; run++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                writer = new DynamicFolderWriter(Path.Combine(root, $"run-{run}"), schema);
                var summary = await writer.ReconcileAsync(TraefikConfigBuilder.DynamicFolder(services, panel));
                stopwatch.Stop();
                process.Refresh();
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                Console.WriteLine($"Run {run + 1}: {stopwatch.Elapsed.TotalMilliseconds:0} ms ({cpu[^1]:0} ms CPU), {summary.Written.Count} files written.");
            }

            timings.Sort();
            cpu.Sort();
            Console.WriteLine(
                $"Dynamic folder for {Services} services x 2 domains: median {timings[Runs / 2]:0} ms (goal <= 200 ms), " +
                $"median CPU {cpu[Runs / 2]:0} ms on {Environment.ProcessorCount} cores.");

            services[Services / 2] = services[Services / 2] with { UpstreamUrl = "http://changed:9090" };
            var change = Stopwatch.StartNew();
            var afterChange = await writer!.ReconcileAsync(TraefikConfigBuilder.DynamicFolder(services, panel));
            change.Stop();
            Console.WriteLine(
                $"One service changed: {afterChange.Written.Count} file(s) rewritten (expected 1), {afterChange.Unchanged.Count} unchanged, in {change.Elapsed.TotalMilliseconds:0} ms.");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static RoutedService Service(int index)
    {
        var id = new Guid(index, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
        return new RoutedService(
            id,
            $"app {index}",
            $"http://app-{index}:8080",
            [
                new RoutedDomain($"app{index}.example.com", "/", true, true, [], WwwRedirect.None, null, null),
                new RoutedDomain($"www.site{index}.example.org", "/", true, true, [], WwwRedirect.ToApex, null, null),
            ]);
    }
}
