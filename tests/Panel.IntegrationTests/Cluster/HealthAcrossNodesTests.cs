using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The health gate of a deployment whose two replicas run on the workers (decision 064): the panel, on the host, manages
/// the Docker 26 swarm through its manager, where those replicas have no container. The image's HEALTHCHECK is read
/// from Swarm's task state; an HTTP probe that cannot reach them says so at once.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class HealthAcrossNodesTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private readonly int stallPort = FreePorts.Next();
    private DeployClient client = null!;
    private WorkerDeploys deploys = null!;

    public HealthAcrossNodesTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        client = new DeployClient(panel.Api());
        deploys = new WorkerDeploys(cluster, client);
        await WorkerDeploys.EnsureImagesAsync(cluster, stallPort);
    }

    public async ValueTask DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task ImageMode_TwoReplicasOnWorkers_PassesOnceSwarmReportsThemHealthy()
    {
        var image = WorkerDeploys.Reference(stallPort, healthy: true);
        var serviceId = await deploys.CreateAsync(await client.CreateProjectAsync("health-ok"), "api", image,
            new { mode = "image", intervalSeconds = 1, retries = 2 });
        try
        {
            using var stall = WorkerDeploys.Stall(stallPort);
            var (_, status, log) = await deploys.DeployAsync(serviceId, image, stall);

            Assert.True(status == "succeeded", log);
            Assert.Contains("2 of 2 replicas healthy", log);
            Assert.Contains($"Swarm reports it running on {WorkerPrefix}", log);
            Assert.Equal(2, await RunningOnWorkersAsync(serviceId));
        }
        finally
        {
            await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct);
        }
    }

    [Fact]
    public async Task ImageMode_HealthCheckFailsOnWorkers_FailsWithTheReason()
    {
        var image = WorkerDeploys.Reference(stallPort, healthy: false);
        var serviceId = await deploys.CreateAsync(await client.CreateProjectAsync("health-bad"), "api", image,
            new { mode = "image", intervalSeconds = 1, retries = 2 });
        try
        {
            using var stall = WorkerDeploys.Stall(stallPort);
            var (id, status, log) = await deploys.DeployAsync(serviceId, image, stall);
            var error = (await client.GetDeploymentAsync(id)).GetProperty("error").GetString() ?? "";

            Assert.True(status == "failed", log);
            Assert.Contains("HEALTHCHECK kept failing on " + WorkerPrefix, error);
        }
        finally
        {
            await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct);
        }
    }

    [Fact]
    public async Task HttpMode_ReplicasOnWorkers_UnreachableFromThePanelsHost_FailsAtOnceSayingWhy()
    {
        var image = WorkerDeploys.Reference(stallPort, healthy: true);
        var serviceId = await deploys.CreateAsync(await client.CreateProjectAsync("health-http"), "api", image,
            new { mode = "http", path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 0 });
        try
        {
            using var stall = WorkerDeploys.Stall(stallPort);
            var started = DateTimeOffset.UtcNow;
            var (_, status, log) = await deploys.DeployAsync(serviceId, image, stall);

            Assert.True(status == "failed", log);
            Assert.Contains("cannot be probed from where the panel runs", log);
            Assert.Contains("docker_gwbridge", log);
            Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(60), $"It took {DateTimeOffset.UtcNow - started} to say so.\n{log}");
        }
        finally
        {
            await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct);
        }
    }

    private static string WorkerPrefix => "dropit-node-w";

    private async Task<int> RunningOnWorkersAsync(Guid serviceId)
    {
        var nodes = await cluster.DockerAsync(cluster.Manager, "service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}}",
            (await client.UpstreamAsync(serviceId))!.Host);
        return nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(n => cluster.Workers.Any(w => w.Hostname == n.Trim()));
    }
}
