using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// A worker whose engine stops answering (its dockerd frozen with SIGSTOP, until Swarm reports the node down): the logs
/// of its replica say so, in the live logs and in the log API, rather than wait for it (decision 064).
/// </summary>
[Collection(MultiNode.Name)]
public sealed class LogsOfADownServerTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private readonly int stallPort = FreePorts.Next();
    private DeployClient client = null!;
    private Guid serviceId;

    public LogsOfADownServerTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private ClusterNode Worker => cluster.Workers[0];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        client = new DeployClient(panel.Api());
        await WorkerDeploys.EnsureImagesAsync(cluster, stallPort);
        var deploys = new WorkerDeploys(cluster, client);
        var image = WorkerDeploys.Reference(stallPort, healthy: true);
        serviceId = await deploys.CreateAsync(await client.CreateProjectAsync("logs-down"), "api", image, new { mode = "none" }, replicas: 1,
            constraint: $"node.hostname=={Worker.Hostname}");
        using var stall = WorkerDeploys.Stall(stallPort);
        var (_, status, log) = await deploys.DeployAsync(serviceId, image, stall);
        Assert.True(status == "succeeded", log);
    }

    public async ValueTask DisposeAsync()
    {
        await client.Api.DeleteAsync($"/api/services/{serviceId}", CancellationToken.None);
        await panel.DisposeAsync();
    }

    [Fact]
    public async Task WorkerDown_ItsReplicasLogs_SaySoInsteadOfWaiting()
    {
        var hub = panel.Services.GetRequiredService<LogHub>();
        var received = new ConcurrentQueue<LogLine>();
        using var subscription = hub.Subscribe(serviceId, received.Enqueue);
        await Eventually.TrueAsync(() => received.Any(l => l.Node == Worker.Hostname), TimeSpan.FromSeconds(20), "lines from the worker");

        var daemon = Worker.DaemonPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual("0", daemon);
        Assert.True((await ChildProcess.RunAsync("kill", ["-STOP", daemon], cancellationToken: Ct)).Succeeded);
        try
        {
            await Eventually.TrueAsync(async () => (await NodeStateAsync()) == "down", TimeSpan.FromSeconds(60), "Swarm to report the worker down",
                TimeSpan.FromSeconds(1));

            await Eventually.TrueAsync(() => received.Any(l => l.Text.Contains("cannot be followed", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(15), "a line saying the log cannot be followed");
            var read = DateTimeOffset.UtcNow;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var body = await client.Api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/logs?search=no-such-text", ApiJson.Options,
                timeout.Token);
            var texts = body.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();

            Assert.Contains(received, l => l.Text == $"[panel] The log of api.1 on {Worker.Hostname} cannot be followed: its server {Worker.Hostname} is down.");
            Assert.Contains($"[panel] The log of api.1 on {Worker.Hostname} cannot be read: its server {Worker.Hostname} is down: " +
                "its logs are read again once it is back.", texts);
            Assert.True(DateTimeOffset.UtcNow - read < TimeSpan.FromSeconds(10), "The log API waited for the down server.");
        }
        finally
        {
            await ChildProcess.RunAsync("kill", ["-CONT", daemon], cancellationToken: CancellationToken.None);
            await Eventually.TrueAsync(async () => (await NodeStateAsync()) == "ready", TimeSpan.FromSeconds(60), "the worker back",
                TimeSpan.FromSeconds(1));
        }
    }

    private async Task<string> NodeStateAsync() =>
        (await cluster.DockerAsync(cluster.Manager, "node", "inspect", "--format", "{{.Status.State}}", Worker.Hostname)).Trim();
}
