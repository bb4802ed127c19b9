using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Issue 24 end to end on the three-node Docker 26 swarm: the panel starts its own registry, builds the sample app on the
/// manager, pushes it there, and runs two replicas on the two workers, which pull it with the registry's credentials.
/// A client on the project network sends a request every 50 ms to the service's short name (as the project's other
/// services reach it: each version's replicas carry it) through a redeploy and the drain of a worker: none fails.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class ReplicasOnWorkersTests : IAsyncLifetime
{
    // One request every 50 ms to the service's short name (DNS round robin over its replicas): "ok <version>" or "failed ...".
    private const string LoadScript = """
        while [ ! -e /stop ]; do
          r=$(printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 2 "$UPSTREAM_HOST" "$UPSTREAM_PORT" 2>/dev/null)
          case "$r" in
            "HTTP/1."?" 200"*) v=${r##*version }; echo "ok ${v%%<*}" ;;
            *) set -- $r; echo "failed $1 $2" ;;
          esac
          sleep 0.05
        done
        """;

    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private readonly string client = $"dropit-test-load-{Guid.NewGuid():N}"[..28];
    private HttpClient api = null!;

    public ReplicasOnWorkersTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
        panel.Settings["Registry:TrustImage"] = TestImages.Busybox;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        api = panel.Api();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Quietly(cluster.DockerAsync(cluster.Manager, "rm", "-f", client));
        foreach (var worker in cluster.Workers)
        {
            await Quietly(cluster.DockerAsync(cluster.Manager, "node", "update", "--availability", "active", worker.Hostname));
        }

        await panel.DisposeAsync();
    }

    [Fact]
    public async Task TwoReplicasOnTheWorkers_ThroughThePanelsRegistry_NoRequestFailsThroughARedeployAndADrain()
    {
        var registryAddress = await StartRegistryAsync();
        var deploys = new DeployClient(api);
        var projectId = await deploys.CreateProjectAsync("workers");
        var serviceId = await deploys.CreateApplicationAsync(projectId, new
        {
            name = "api", kind = "application", source = new { type = "upload" }, port = SampleApp.Port, replicas = 2,
            healthCheck = new { mode = "image", intervalSeconds = 2, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 2 },
            placement = new { constraints = new[] { "node.role==worker" } },
        });
        Assert.True((await deploys.UploadSourceAsync(serviceId, SampleApp.Files("1"), Ct)).IsSuccessStatusCode);
        var first = await deploys.DeploySucceededAsync(serviceId);
        Assert.Contains(registryAddress, await deploys.LogAsync(first));

        var upstream = await deploys.UpstreamAsync(serviceId) ?? throw new InvalidOperationException("The service has no live upstream.");
        var image = (await cluster.DockerAsync(cluster.Manager, "service", "inspect", upstream.Host, "--format",
            "{{.Spec.TaskTemplate.ContainerSpec.Image}}")).Trim();
        Assert.StartsWith(registryAddress + "/", image, StringComparison.Ordinal);
        Assert.Equal(cluster.Workers.Select(w => w.Hostname).Order(), (await RunningNodesAsync(upstream.Host)).Order());

        await cluster.DockerAsync(cluster.Manager, "run", "-d", "--name", client, "--network", TestNetworks.OfProject(projectId),
            "-e", "UPSTREAM_HOST=api", "-e", $"UPSTREAM_PORT={upstream.Port}", TestImages.Busybox, "sh", "-c", LoadScript);
        await Eventually.TrueAsync(async () => (await ResultsAsync()).Count(l => l == "ok 1") >= 20, TimeSpan.FromSeconds(60),
            "the load client gets 20 answers from version 1");

        Assert.True((await deploys.UploadSourceAsync(serviceId, SampleApp.Files("2"), Ct)).IsSuccessStatusCode);
        var second = await deploys.DeploySucceededAsync(serviceId);
        await WithResultsOnTimeout(() => Eventually.TrueAsync(async () => (await ResultsAsync()).TakeLast(10).All(l => l == "ok 2"),
            TimeSpan.FromSeconds(60), "the last 10 answers come from version 2"), await deploys.LogAsync(second));

        upstream = await deploys.UpstreamAsync(serviceId) ?? throw new InvalidOperationException("The service has no live upstream.");
        var drained = cluster.Workers[0];
        var drainedId = (await cluster.DockerAsync(cluster.Manager, "node", "inspect", drained.Hostname, "--format", "{{.ID}}")).Trim();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/nodes/{drainedId}/drain", null, Ct)).StatusCode);
        await Eventually.MatchesAsync(() => RunningNodesAsync(upstream.Host),
            nodes => nodes.Count == 2 && nodes.All(n => n == cluster.Workers[1].Hostname), TimeSpan.FromSeconds(90),
            "both replicas running on the other worker");
        var before = (await ResultsAsync()).Count;
        await Eventually.TrueAsync(async () => (await ResultsAsync()).Count >= before + 40, TimeSpan.FromSeconds(60),
            "40 more answers after the drain");
        await cluster.DockerAsync(cluster.Manager, "exec", client, "touch", "/stop");
        await cluster.DockerAsync(cluster.Manager, "wait", client);

        var lines = await ResultsAsync();
        Assert.DoesNotContain(lines, l => !l.StartsWith("ok ", StringComparison.Ordinal));
        Assert.True(lines.Count >= 100, $"only {lines.Count} requests were sent");
        Assert.Equal("ok 2", lines[^1]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
    }

    /// <summary>Starts the panel's registry and waits until it is ready; its address.</summary>
    private async Task<string> StartRegistryAsync()
    {
        var started = await api.PostAsync("/api/registry/panel", null, Ct);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(Ct));
        var registry = await Eventually.MatchesAsync(() => api.GetFromJsonAsync<JsonElement>("/api/registry", ApiJson.Options, Ct),
            r => r.GetProperty("panel").GetProperty("state").GetString() is "ready" or "failed", TimeSpan.FromSeconds(180),
            "the panel's registry to be ready");
        var panelRegistry = registry.GetProperty("panel");
        Assert.True(panelRegistry.GetProperty("state").GetString() == "ready", panelRegistry.ToString());
        return panelRegistry.GetProperty("address").GetString()!;
    }

    private async Task WithResultsOnTimeout(Func<Task> wait, string log)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            var lines = await ResultsAsync();
            throw new TimeoutException($"{e.Message}\nLast answers: {string.Join(" | ", lines.TakeLast(20))}\n{log}", e);
        }
    }

    private async Task<List<string>> RunningNodesAsync(string dockerService) =>
        (await cluster.DockerAsync(cluster.Manager, "service", "ps", dockerService, "--filter", "desired-state=running",
            "--format", "{{.Node}} {{.CurrentState}}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => l.Contains(" Running", StringComparison.Ordinal))
        .Select(l => l.Split(' ')[0]).ToList();

    private async Task<List<string>> ResultsAsync() =>
        (await cluster.DockerAsync(cluster.Manager, "logs", client)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Cleanup of what may not exist.
        }
    }
}
