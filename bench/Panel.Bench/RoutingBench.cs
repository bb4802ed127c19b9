using System.Diagnostics;
using DropIt.Panel.Core.Routing.Traefik;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "routing": Traefik's whole dynamic folder for 1,000 services with 2 domains each, built from the typed model,
/// validated and written (atomic writes, flushed to disk) as the panel does on every route change. Three figures, each
/// a median of <c>--runs</c> (default 9) after 3 untimed warm-ups: into a fresh folder (every file written), into a
/// folder already up to date (nothing written), and with one service changed (one file written). Each is printed beside
/// its goal with the ratio. Prints, never asserts; exits 0 (2 on bad arguments).
/// </summary>
public static class RoutingBench
{
    private const int Services = 1000;
    private const double FullGoalMs = 200;
    private const double OneChangeGoalMs = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 9;
        if (args is not [] && (args is not ["--runs", var text] || !int.TryParse(text, out runs) || runs < 1))
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- routing [--runs N]");
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
                await ReconcileAsync(new DynamicFolderWriter(Path.Combine(root, $"warm-up-{warmUp}"), schema), services, panel);
                await ReconcileAsync(new DynamicFolderWriter(Path.Combine(root, $"warm-up-{warmUp}"), schema), services, panel);
            }

            var cold = new Figures();
            var unchanged = new Figures();
            var oneChange = new Figures();
            for (var run = 0; run < runs; run++)
            {
                var folder = Path.Combine(root, $"run-{run}");
                cold.Add(await ReconcileAsync(new DynamicFolderWriter(folder, schema), services, panel));
                unchanged.Add(await ReconcileAsync(new DynamicFolderWriter(folder, schema), services, panel));
                services[Services / 2] = services[Services / 2] with { UpstreamUrl = $"http://changed-{run}:9090" };
                oneChange.Add(await ReconcileAsync(new DynamicFolderWriter(folder, schema), services, panel));
                Console.WriteLine($"Run {run + 1}: fresh {cold.Last}, up to date {unchanged.Last}, one change {oneChange.Last}.");
            }

            Console.WriteLine();
            Console.WriteLine($"Dynamic folder, {Services} services x 2 domains, medians of {runs} runs on {Environment.ProcessorCount} cores:");
            Console.WriteLine($"  full regeneration, fresh folder:     {cold.Median(FullGoalMs)}");
            Console.WriteLine($"  full regeneration, folder unchanged: {unchanged.Median(FullGoalMs)}");
            Console.WriteLine($"  one service changed:                 {oneChange.Median(OneChangeGoalMs)}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>What the panel does on a route change: build every file from the model, then reconcile the folder.</summary>
    private static async Task<Sample> ReconcileAsync(DynamicFolderWriter writer, List<RoutedService> services, PanelRoute panel)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var plan = TraefikConfigBuilder.PlanDynamicFolder(services, panel);
        var built = clock.Elapsed.TotalMilliseconds;
        var summary = await writer.ReconcileAsync(plan);
        clock.Stop();
        process.Refresh();
        return new Sample(clock.Elapsed.TotalMilliseconds, built, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds, summary.Written.Count);
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

    /// <param name="TotalMs">Build and reconcile, wall clock.</param>
    /// <param name="BuildMs">Of which building the files from the model (YAML text).</param>
    /// <param name="CpuMs">Processor time of the whole process meanwhile.</param>
    /// <param name="Written">Files written.</param>
    private sealed record Sample(double TotalMs, double BuildMs, double CpuMs, int Written)
    {
        public override string ToString() => $"{TotalMs:0.0} ms ({Written} written)";
    }

    private sealed class Figures
    {
        private readonly List<Sample> samples = [];

        public Sample Last => samples[^1];

        public void Add(Sample sample) => samples.Add(sample);

        public string Median(double goalMs)
        {
            var total = Middle(s => s.TotalMs);
            var verdict = total <= goalMs ? "within goal" : "over goal";
            return $"{total,7:0.0} ms (goal <= {goalMs:0} ms, ratio {total / goalMs:0.00}, {verdict}); " +
                $"of which build {Middle(s => s.BuildMs):0.0} ms; CPU {Middle(s => s.CpuMs):0} ms; files written {Middle(s => s.Written):0}";
        }

        private double Middle(Func<Sample, double> value)
        {
            var sorted = samples.Select(value).Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
