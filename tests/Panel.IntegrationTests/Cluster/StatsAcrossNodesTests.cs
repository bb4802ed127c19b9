using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Stats of replicas on the workers of the three-node Docker 26 swarm (decision 065): the panel runs its node agent on the
/// other nodes and adds what it reads to the service's figures in the metrics API.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class StatsAcrossNodesTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private HttpClient api = null!;

    public StatsAcrossNodesTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
        panel.Settings["Monitoring:Enabled"] = "true";
        panel.Settings["Monitoring:SampleSeconds"] = "1";
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        api = panel.Api();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await panel.DisposeAsync();
        await cluster.DockerAsync(cluster.Manager, "service", "rm", NodeAgent.ServiceName).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Stats_OfAServiceWithReplicasOnWorkers_ShowTheirCpuAndMemory()
    {
        // An application placed on the workers (decision 058). Images reach the workers only through a registry (issue 24,
        // item 4): its tasks are a Docker service made here from the busybox image every node has, with the panel's labels,
        // each replica a busy loop held to a tenth of a CPU.
        var client = new DeployClient(api);
        var serviceId = await client.CreateApplicationAsync(await client.CreateProjectAsync("stats"), new
        {
            name = "api", kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080,
            placement = new { constraints = new[] { "node.role==worker" } },
        });
        var dockerService = $"dropit-stats-{Guid.NewGuid():N}"[..24];
        await cluster.DockerAsync(cluster.Manager, "service", "create", "--detach", "--name", dockerService, "--replicas", "2",
            "--constraint", "node.role==worker", "--limit-cpu", "0.1", "--label", "dropit.managed=true",
            "--container-label", "dropit.managed=true", "--container-label", $"dropit.service={serviceId}",
            TestImages.Busybox, "sh", "-c", "while :; do :; done");
        try
        {
            var latest = await Eventually.MatchesAsync(() => LatestAsync(serviceId),
                l => l is { } s && s.GetProperty("containers").GetInt32() == 2 && s.GetProperty("cpuPercent").GetDouble() > 2,
                TimeSpan.FromSeconds(120), "two replicas on the workers, busy, in the service's stats");

            Assert.True(latest!.Value.GetProperty("memoryUsedBytes").GetInt64() > 0);
            Assert.True(latest.Value.GetProperty("memoryLimitBytes").GetInt64() > 0);
            var agentNodes = (await cluster.DockerAsync(cluster.Manager, "service", "ps", NodeAgent.ServiceName, "--filter",
                "desired-state=running", "--format", "{{.Node}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
            Assert.Equal(cluster.Workers.Select(w => w.Hostname).Order(), agentNodes);
        }
        finally
        {
            await cluster.DockerAsync(cluster.Manager, "service", "rm", dockerService);
        }
    }

    private async Task<JsonElement?> LatestAsync(Guid serviceId)
    {
        var stats = await api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/stats", ApiJson.Options, Ct);
        return stats.GetProperty("latest") is { ValueKind: JsonValueKind.Object } latest ? latest : null;
    }
}
