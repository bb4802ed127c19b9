using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The logs of replicas on the workers (decision 064): the panel, on the host, manages the Docker 26 swarm through its
/// manager, where those replicas have no container; their lines come through the manager's task logs, named as local
/// replicas and carrying their server, in the log API, its search, and the live logs.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class LogsAcrossNodesTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private readonly int stallPort = FreePorts.Next();
    private DeployClient client = null!;
    private Guid serviceId;

    public LogsAcrossNodesTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        client = new DeployClient(panel.Api());
        await WorkerDeploys.EnsureImagesAsync(cluster, stallPort);
        var deploys = new WorkerDeploys(cluster, client);
        var image = WorkerDeploys.Reference(stallPort, healthy: true);
        serviceId = await deploys.CreateAsync(await client.CreateProjectAsync("logs-nodes"), "api", image, new { mode = "none" });
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
    public async Task LogApi_ReadsTheReplicasOnTheWorkers_NamedAsLocalOnes_WithTheirServer()
    {
        var workers = cluster.Workers.Select(w => w.Hostname).ToHashSet();

        var lines = await Eventually.MatchesAsync(() => ReadAsync("?search=chatty"),
            l => l.Select(x => x.Replica).Distinct().Count() == 2, TimeSpan.FromSeconds(30), "lines of both replicas");
        var window = await ReadAsync($"?until={Uri.EscapeDataString(lines[0].Timestamp.ToString("O"))}&search=chatty");

        Assert.All(lines, l => Assert.StartsWith(WorkerDeploys.LinePrefix, l.Text));
        Assert.Equal(["api.1", "api.2"], lines.Select(l => l.Replica).Distinct().Order());
        Assert.All(lines, l => Assert.Contains(l.Node ?? "(none)", workers));
        Assert.Equal(2, lines.Select(l => l.Node).Distinct().Count());
        Assert.All(window, l => Assert.True(l.Timestamp <= lines[0].Timestamp, $"{l.Timestamp:O} is after the until."));
    }

    [Fact]
    public async Task LiveLogs_FollowTheReplicasOnTheWorkers()
    {
        var hub = panel.Services.GetRequiredService<LogHub>();
        var received = new ConcurrentQueue<LogLine>();
        var since = DateTimeOffset.UtcNow;

        using (hub.Subscribe(serviceId, received.Enqueue))
        {
            await Eventually.TrueAsync(() => received.Select(l => l.Node).Distinct().Count(n => n is not null) == 2, TimeSpan.FromSeconds(20),
                "new lines from both workers");
        }

        Assert.All(received, l => Assert.StartsWith(WorkerDeploys.LinePrefix, l.Text));
        Assert.All(received, l => Assert.True(l.Timestamp >= since.AddSeconds(-1), $"{l.Timestamp:O} was written before subscribing."));
        Assert.Equal(["api.1", "api.2"], received.Select(l => l.Replica).Distinct().Order());
    }

    private async Task<List<Line>> ReadAsync(string query)
    {
        var body = await client.Api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/logs{query}", ApiJson.Options, Ct);
        return body.GetProperty("lines").Deserialize<List<Line>>(ApiJson.Options)!;
    }

    private sealed record Line(DateTimeOffset Timestamp, string Replica, string Stream, string Text, string? Node);
}
