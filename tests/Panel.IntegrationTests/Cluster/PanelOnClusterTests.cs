using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The panel, on the host, managing the Docker 26 swarm through its manager's socket (Docker:Endpoint): it builds and
/// deploys the sample application there, probes it over the manager's docker_gwbridge, and the application serves.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class PanelOnClusterTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private DeployClient client = null!;

    public PanelOnClusterTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        client = new DeployClient(panel.Api());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task Deploy_OfAnUploadedApp_OnTheDocker26Manager_BecomesHealthyAndServes()
    {
        // The panel builds on the manager's engine and pushes to no registry yet: the image exists on the manager only,
        // so the workers take no task during this test (decision 056).
        await SetWorkersAsync("drain");
        try
        {
            var project = await client.CreateProjectAsync("on-cluster");
            var serviceId = await client.CreateApplicationAsync(project, new
            {
                name = "api", kind = "application", source = new { type = "upload" }, port = SampleApp.Port,
                healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 2 },
            });
            var uploaded = await client.UploadSourceAsync(serviceId, SampleApp.Files("cluster"), Ct);
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(Ct));

            var deploymentId = await client.DeploySucceededAsync(serviceId);

            Assert.Contains("replicas healthy", await client.LogAsync(deploymentId));
            var upstream = await client.UpstreamAsync(serviceId) ?? throw new InvalidOperationException("The service has no live upstream.");
            var nodes = await cluster.DockerAsync(cluster.Manager, "service", "ps", upstream.Host, "--filter", "desired-state=running",
                "--format", "{{.Node}}");
            Assert.Equal(cluster.Manager.Hostname, nodes.Trim());
            var page = await cluster.DockerAsync(cluster.Manager, "run", "--rm", "--network", TestNetworks.OfProject(project), TestImages.Busybox,
                "sh", "-c", $"printf 'GET /index.html HTTP/1.0\\r\\nHost: {upstream.Host}\\r\\n\\r\\n' | nc -w 3 {upstream.Host} {upstream.Port}");
            Assert.Contains("version cluster", page);
            Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
        }
        finally
        {
            await SetWorkersAsync("active");
        }
    }

    private async Task SetWorkersAsync(string availability)
    {
        foreach (var worker in cluster.Workers)
        {
            await cluster.DockerAsync(cluster.Manager, "node", "update", "--availability", availability, worker.Hostname);
        }
    }
}
