using System.Globalization;
using System.Net.Http.Json;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "compose": redeploys of a compose stack after a change to its API, under steady load that follows the stack's
/// Traefik file (failed requests, goal 0), timed against redeploying the same API as a plain application in the same run,
/// and whether the stack's stateful service kept its container. Prints a report; exits 0 whatever the figures, 1 when it
/// could not measure.
/// </summary>
internal static class ComposeBench
{
    private const int Runs = 5;
    private const string Domain = "stack.dropit.test";
    private const string ComposePath = "docker-compose.yml";

    /// <summary>The sample API built from the repository, and a store with a volume that must never restart.</summary>
    private static readonly string ComposeFile = $$"""
        services:
          api:
            build: { context: . }
            depends_on:
              store: { condition: service_healthy }
          store:
            image: {{TestImages.Busybox}}
            command: ["sh", "-c", "mkdir -p /data && date > /data/started && exec httpd -f -p 6000 -h /data"]
            volumes: ["store-data:/data"]
            healthcheck:
              test: ["CMD-SHELL", "test -f /data/started"]
              interval: 1s
        volumes:
          store-data: {}

        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bench/Panel.Bench -c Release -- compose");
            return 2;
        }

        var teardown = new Teardown();
        try
        {
            Console.WriteLine("Starting PostgreSQL, the panel and the Git server...");
            var context = await DeploySetup.StartAsync("v1", teardown);
            await CommitAsync(context.Repository, "v1");
            var application = context.Deploys;
            await application.DeployAsync();
            var stackId = await CreateStackAsync(context, teardown);
            var stack = new PanelDeploys(context.Api, stackId);
            var first = await stack.DeployAsync();
            Console.WriteLine($"First stack deployment live after {first.Live.TotalSeconds:0.0} s.");
            var traefik = new TraefikUpstream(context.DataFolder, stackId);
            Console.WriteLine($"  {Path.GetFileName(traefik.FilePath)} routes to {await traefik.WaitAsync(TimeSpan.FromSeconds(30))}");
            var storeBefore = await StoreContainerAsync(stackId);

            var network = ProjectNetworkNames.For(DeploySetup.Network, context.ProjectId);
            await using var load = await LoadClient.StartAsync(traefik.ReadAsync, network, teardown);
            await load.WaitAnsweringAsync(answers: 10, TimeSpan.FromSeconds(30));
            var (stackTimes, applicationTimes) = (new List<TimeSpan>(), new List<TimeSpan>());
            for (var run = 1; run <= Runs; run++)
            {
                await CommitAsync(context.Repository, $"v{run + 1}");
                applicationTimes.Add((await application.DeployAsync()).Live);
                stackTimes.Add((await stack.DeployAsync()).Live);
                Console.WriteLine($"  run {run}: stack live after {stackTimes[^1].TotalSeconds:0.00} s, " +
                    $"application live after {applicationTimes[^1].TotalSeconds:0.00} s");
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var lines = await load.StopAsync();
            var failures = lines.Where(l => !l.StartsWith("ok ", StringComparison.Ordinal)).ToList();
            var storeAfter = await StoreContainerAsync(stackId);
            Print(lines.Count, failures, stackTimes, applicationTimes, storeBefore == storeAfter, lines.Count / load.Duration.TotalSeconds);
            return 0;
        }
        catch (Exception e) when (e is DeploymentFailedException or InvalidOperationException or TimeoutException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            return 1;
        }
        finally
        {
            await teardown.RunAsync();
        }
    }

    /// <summary>The sample application at <paramref name="version"/>, with the compose file beside its Dockerfile.</summary>
    private static Task<string> CommitAsync(GitRepository repository, string version) =>
        repository.CommitAsync(new Dictionary<string, string>(SampleApp.Files(version)) { [ComposePath] = ComposeFile }, $"Version {version}");

    private static async Task<Guid> CreateStackAsync(DeployContext context, Teardown teardown)
    {
        var http = context.Api.Api;
        var created = await http.PostAsJsonAsync($"/api/projects/{context.ProjectId}/compose", new
        {
            name = "stack",
            git = new { url = context.Repository.CloneUri.ToString(), branch = "main", path = ComposePath, token = context.GitToken },
        }, ApiJson.Options);
        var body = await created.Content.ReadAsStringAsync();
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the compose service was refused: {(int)created.StatusCode} {body}");
        }

        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        teardown.Add("compose service bench/stack", async () => (await http.DeleteAsync($"/api/compose/{id}")).EnsureSuccessStatusCode());
        var domain = await http.PostAsJsonAsync($"/api/services/{id}/domains",
            new { host = Domain, https = false, port = SampleApp.Port, composeService = "api" }, ApiJson.Options);
        if (!domain.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Adding {Domain} was refused: {(int)domain.StatusCode} {await domain.Content.ReadAsStringAsync()}");
        }

        return id;
    }

    /// <summary>The id of the running container of the stack's store service.</summary>
    private static async Task<string> StoreContainerAsync(Guid stackId) =>
        (await Command.DockerAsync("ps", "-q", "--no-trunc", "--filter", $"label={EngineLabels.Service}={stackId}",
            "--filter", "label=com.docker.stack.namespace", "--filter", "name=_store.")).Trim();

    private static void Print(int sent, IReadOnlyList<string> failures, IReadOnlyList<TimeSpan> stack, IReadOnlyList<TimeSpan> application,
        bool storeKept, double perSecond)
    {
        var (stackMedian, applicationMedian) = (Median(stack), Median(application));
        Console.WriteLine();
        Report.Print(
        [
            new Row("Stack redeploys under load: requests sent", $"{sent} ({Report.Format(perSecond, "req/s")})", ">= 20 req/s",
                Report.Verdict(perSecond >= 20)),
            new Row("Stack redeploys under load: requests failed", failures.Count.ToString(CultureInfo.InvariantCulture), "0",
                Report.Verdict(failures.Count == 0)),
            new Row("Stateful service (volume) kept its container", storeKept ? "yes" : "no", "yes", Report.Verdict(storeKept)),
            Report.Info("Stack: redeploy -> live, median", Seconds(stackMedian)),
            Report.Info("Same API as an application: redeploy -> live, median", Seconds(applicationMedian)),
            Report.Info("Ratio stack / application (medians)", Report.Format(stackMedian / applicationMedian, "x")),
        ]);
        foreach (var failure in failures.Distinct().Take(5))
        {
            Console.WriteLine($"  failed request: {failure}");
        }

        Console.WriteLine($"Runs (s): stack {string.Join(", ", stack.Select(t => Seconds(t.TotalSeconds)))}; " +
            $"application {string.Join(", ", application.Select(t => Seconds(t.TotalSeconds)))}");
        Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- compose");
    }

    private static double Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");
}
