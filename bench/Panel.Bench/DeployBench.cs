using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "deploy": zero downtime of redeploys under load (the load following the panel's API, then the Traefik file it
/// generates), the panel's time on top of a plain clone, build and run, and the redeploy time of an unchanged repository.
/// <c>--only zero-downtime</c> runs the two zero-downtime passes alone, <c>--only overhead</c> the panel overhead alone;
/// <c>--runs N</c> sets the runs of each part (5), <c>--env KEY=VALUE</c> adds a setting of the panel (to compare
/// approaches in one build), <c>--engine cluster</c> runs it all on the test cluster's Docker 26 manager (Engine API 1.45,
/// where health checks have a start interval). Prints a report; exits 0 whatever the figures, 1 when it could not measure (a deployment
/// failed, Docker or the panel did not answer).
/// </summary>
internal static class DeployBench
{
    private const string Domain = "api.dropit.test";
    private const string Usage = "Usage: dotnet run --project bench/Panel.Bench -c Release -- deploy [--only zero-downtime|overhead] " +
        "[--runs N] [--env KEY=VALUE ...] [--engine cluster]";
    private static readonly TimeSpan TraefikFileTimeout = TimeSpan.FromSeconds(30);
    private static int Runs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.Parse(args) is not { } options)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        Runs = options.Runs;
        var teardown = new Teardown();
        try
        {
            var settings = new Dictionary<string, string>(options.Settings);
            if (options.Cluster)
            {
                // Docker 26 (Engine API 1.45): the health checks' start interval, which Debian 12's Docker 20.10 lacks.
                Console.WriteLine("Starting the three-node Docker 26 cluster (the panel and the plain path use its manager)...");
                var cluster = await ClusterEngine.StartAsync();
                teardown.Add("the Docker 26 cluster", async () => await cluster.DisposeAsync());
                settings["Docker__Endpoint"] = ClusterEngine.Endpoint;
            }

            Console.WriteLine("Starting PostgreSQL, the panel and the Git server...");
            var context = await DeploySetup.StartAsync("v1", teardown, settings);
            var deploys = context.Deploys;
            var first = await deploys.DeployAsync();
            Console.WriteLine($"First deployment (v1) live after {first.Live.TotalSeconds:0.0} s.");
            Console.WriteLine($"Health check in its container: {await ContainerHealthCheckAsync(deploys.ServiceId)}");
            if (options.Only == "overhead")
            {
                Console.WriteLine($"Panel overhead: {Runs} runs, panel and plain path side by side");
                var alone = await OverheadAsync(context, teardown);
                Console.WriteLine("The last run's deployment log, where the panel's time goes:");
                Console.WriteLine(await deploys.LastLogAsync());
                Console.WriteLine();
                DeployReport.Print([], alone, [], args);
                return 0;
            }

            var onlyZeroDowntime = options.Only == "zero-downtime";
            // The load runs where Traefik reaches the service: on its project's network (decision 030).
            var loadNetwork = ProjectNetworkNames.For(DeploySetup.Network, context.ProjectId);

            Console.WriteLine($"1. Zero downtime, following the API: {Runs} redeploys of new commits under load");
            var zero = new List<ZeroDowntimeResult>
            {
                await ZeroDowntime.RunAsync("Zero downtime, following the API", deploys,
                    () => context.Api.UpstreamAsync(deploys.ServiceId), context.Repository, Versions(2), loadNetwork, teardown),
            };

            Console.WriteLine($"2. Zero downtime, following the generated Traefik file: domain {Domain} added, " +
                $"then {Runs} redeploys of new commits under load");
            await AddDomainAsync(context.Api, deploys.ServiceId);
            var traefik = new TraefikUpstream(context.DataFolder, deploys.ServiceId);
            Console.WriteLine($"  {Path.GetFileName(traefik.FilePath)} routes to {await traefik.WaitAsync(TraefikFileTimeout)}");
            zero.Add(await ZeroDowntime.RunAsync("Zero downtime, following the generated Traefik file", deploys,
                traefik.ReadAsync, context.Repository, Versions(2 + Runs), loadNetwork, teardown));
            if (onlyZeroDowntime)
            {
                Console.WriteLine();
                DeployReport.Print(zero, null, null, args);
                return 0;
            }

            Console.WriteLine($"3. Panel overhead: {Runs} runs, panel and plain path side by side");
            var overhead = await OverheadAsync(context, teardown);

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

    private static async Task<IReadOnlyList<OverheadRun>> OverheadAsync(DeployContext context, Teardown teardown)
    {
        var probe = await PlainPath.StartProbeAsync(DeploySetup.Network, teardown);
        var plain = new PlainPath(context.Repository.CloneUri, context.GitToken, DeploySetup.Network, probe);
        return await PanelOverhead.RunAsync(context.Deploys, plain, context.Repository, Runs);
    }

    /// <summary>
    /// The HEALTHCHECK settings Docker runs in the service's container (the image's, with what the spec changed), read
    /// through the Engine API the engine speaks: the Docker CLI here is 20.10's and drops fields it does not know.
    /// </summary>
    private static async Task<string> ContainerHealthCheckAsync(Guid serviceId)
    {
        var containers = await Command.TryDockerAsync("ps", "-q", "--filter", $"label=dropit.service={serviceId}");
        var id = containers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        const string Unix = "unix://";
        if (id is null || !ClusterEngine.Endpoint.StartsWith(Unix, StringComparison.Ordinal))
        {
            return "not read";
        }

        var socket = ClusterEngine.Endpoint[Unix.Length..];
        try
        {
            var version = await Command.RunAsync("curl", ["-sS", "--unix-socket", socket, "http://docker/version"]);
            var api = JsonDocument.Parse(version.Output).RootElement.GetProperty("ApiVersion").GetString();
            var inspect = await Command.RunAsync("curl", ["-sS", "--unix-socket", socket, $"http://docker/v{api}/containers/{id}/json"]);
            var check = JsonDocument.Parse(inspect.Output).RootElement.GetProperty("Config").GetProperty("Healthcheck");
            return $"{check.GetRawText()} (Engine API {api})";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException
            or System.ComponentModel.Win32Exception)
        {
            // Informational only: a missing curl or an unexpected answer must not stop the measurement.
            return $"not read ({e.Message})";
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

    /// <summary>The mode's arguments: which part alone, how many runs, extra settings of the panel.</summary>
    private sealed record Options(string? Only, int Runs, IReadOnlyDictionary<string, string> Settings)
    {
        /// <summary>Against the Docker 26 cluster's manager instead of this machine's engine.</summary>
        public bool Cluster { get; init; }

        public static Options? Parse(string[] args)
        {
            string? only = null;
            var runs = 5;
            var cluster = false;
            var settings = new Dictionary<string, string>();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--only" when i + 1 < args.Length && args[i + 1] is "zero-downtime" or "overhead":
                        only = args[++i];
                        break;
                    case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count is > 0 and <= 50:
                        runs = count;
                        i++;
                        break;
                    case "--env" when i + 1 < args.Length && args[i + 1].Split('=', 2) is [{ Length: > 0 } key, var value]:
                        settings[key] = value;
                        i++;
                        break;
                    case "--engine" when i + 1 < args.Length && args[i + 1] == "cluster":
                        cluster = true;
                        i++;
                        break;
                    default:
                        return null;
                }
            }

            return new Options(only, runs, settings) { Cluster = cluster };
        }
    }
}
