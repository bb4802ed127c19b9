using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "deploy": zero downtime of redeploys under load, the panel's time on top of a plain clone, build and run,
/// and the redeploy time of an unchanged repository. Prints a report; exits 0 whatever the figures, 1 when it could
/// not measure (a deployment failed, Docker or the panel did not answer).
/// </summary>
internal static class DeployBench
{
    private const int Runs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- deploy");
            return 2;
        }

        var teardown = new Teardown();
        try
        {
            Console.WriteLine("Starting PostgreSQL, the panel and the Git server...");
            var context = await DeploySetup.StartAsync("v1", teardown);
            var deploys = context.Deploys;
            var first = await deploys.DeployAsync();
            Console.WriteLine($"First deployment (v1) live after {first.Live.TotalSeconds:0.0} s.");

            Console.WriteLine($"1. Zero downtime: {Runs} redeploys of new commits under load");
            var versions = Enumerable.Range(2, Runs).Select(i => $"v{i}").ToList();
            var zero = await ZeroDowntime.RunAsync(deploys, context.Api, context.Repository, versions, DeploySetup.Network, teardown);

            Console.WriteLine($"2. Panel overhead: {Runs} runs, panel and plain path side by side");
            var probe = await PlainPath.StartProbeAsync(DeploySetup.Network, teardown);
            var plain = new PlainPath(context.Repository.CloneUri, context.GitToken, DeploySetup.Network, probe);
            var overhead = await PanelOverhead.RunAsync(deploys, plain, context.Repository, Runs);

            Console.WriteLine($"3. Redeploys of an unchanged repository: 1 untimed, then {Runs} timed");
            await deploys.DeployAsync();
            var unchanged = new List<DeployTiming>();
            for (var run = 1; run <= Runs; run++)
            {
                unchanged.Add(await deploys.DeployAsync());
                Console.WriteLine($"  run {run}: live after {unchanged[^1].Live.TotalSeconds:0.00} s");
            }

            Console.WriteLine();
            DeployReport.Print(zero, overhead, unchanged);
            return 0;
        }
        catch (DeploymentFailedException e)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: the panel failed a deployment.\n{e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
            or PanelStartupException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            return 1;
        }
        finally
        {
            Console.WriteLine("Removing the service, containers, images and temporary folders...");
            await teardown.RunAsync();
        }
    }
}
