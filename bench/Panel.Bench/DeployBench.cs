using System.Net.Http.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "deploy": zero downtime of redeploys under load (the load following the panel's API, then the Traefik file it
/// generates), the panel's time on top of a plain clone, build and run, and the redeploy time of an unchanged repository.
/// <c>--only zero-downtime</c> runs the two zero-downtime passes alone. Prints a report; exits 0 whatever the figures,
/// 1 when it could not measure (a deployment failed, Docker or the panel did not answer).
/// </summary>
internal static class DeployBench
{
    private const int Runs = 5;
    private const string Domain = "api.dropit.test";
    private const string Usage = "Usage: dotnet run --project bench/Panel.Bench -c Release -- deploy [--only zero-downtime]";
    private static readonly TimeSpan TraefikFileTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var onlyZeroDowntime = args is ["--only", "zero-downtime"];
        if (args.Length > 0 && !onlyZeroDowntime)
        {
            await Console.Error.WriteLineAsync(Usage);
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

            Console.WriteLine($"1. Zero downtime, following the API: {Runs} redeploys of new commits under load");
            var zero = new List<ZeroDowntimeResult>
            {
                await ZeroDowntime.RunAsync("Zero downtime, following the API", deploys,
                    () => context.Api.UpstreamAsync(deploys.ServiceId), context.Repository, Versions(2), DeploySetup.Network, teardown),
            };

            Console.WriteLine($"2. Zero downtime, following the generated Traefik file: domain {Domain} added, " +
                $"then {Runs} redeploys of new commits under load");
            await AddDomainAsync(context.Api, deploys.ServiceId);
            var traefik = new TraefikUpstream(context.DataFolder, deploys.ServiceId);
            Console.WriteLine($"  {Path.GetFileName(traefik.FilePath)} routes to {await traefik.WaitAsync(TraefikFileTimeout)}");
            zero.Add(await ZeroDowntime.RunAsync("Zero downtime, following the generated Traefik file", deploys,
                traefik.ReadAsync, context.Repository, Versions(2 + Runs), DeploySetup.Network, teardown));
            if (onlyZeroDowntime)
            {
                Console.WriteLine();
                DeployReport.Print(zero, null, null, args);
                return 0;
            }

            Console.WriteLine($"3. Panel overhead: {Runs} runs, panel and plain path side by side");
            var probe = await PlainPath.StartProbeAsync(DeploySetup.Network, teardown);
            var plain = new PlainPath(context.Repository.CloneUri, context.GitToken, DeploySetup.Network, probe);
            var overhead = await PanelOverhead.RunAsync(deploys, plain, context.Repository, Runs);

            Console.WriteLine($"4. Redeploys of an unchanged repository: 1 untimed, then {Runs} timed");
            await deploys.DeployAsync();
            var unchanged = new List<DeployTiming>();
            for (var run = 1; run <= Runs; run++)
            {
                unchanged.Add(await deploys.DeployAsync());
                Console.WriteLine($"  run {run}: live after {unchanged[^1].Live.TotalSeconds:0.00} s");
            }

            Console.WriteLine();
            DeployReport.Print(zero, overhead, unchanged, args);
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

    /// <summary>v&lt;first&gt; to v&lt;first + Runs - 1&gt;: new commits, none of them the live version.</summary>
    private static List<string> Versions(int first) => Enumerable.Range(first, Runs).Select(i => $"v{i}").ToList();

    /// <summary>Adds <see cref="Domain"/> (plain HTTP): the panel then writes the service's Traefik file.</summary>
    private static async Task AddDomainAsync(DeployClient api, Guid serviceId)
    {
        using var response = await api.Api.PostAsJsonAsync($"/api/services/{serviceId}/domains", new { host = Domain, https = false });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Adding the domain {Domain} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
