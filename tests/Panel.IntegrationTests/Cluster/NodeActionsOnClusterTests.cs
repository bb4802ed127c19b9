using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The admin's node actions (decision 057) on the three-node Docker 26 swarm: a drained worker's replica moves to the
/// other worker and the Servers API shows it; the worker takes tasks again once active; a worker is promoted and demoted;
/// a worker still up is not removed.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class NodeActionsOnClusterTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private HttpClient api = null!;

    public NodeActionsOnClusterTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        api = panel.Api();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task Drain_AWorkerWithAReplica_ItMovesToTheOtherWorker_ThenActivatePromoteDemote()
    {
        // Images reach the workers only through a registry (issue 24, item 4): until then the tasks are a Docker service
        // made here from the busybox image every node has, carrying the labels of a service of the panel.
        var client = new DeployClient(api);
        var serviceId = await client.CreateApplicationAsync(await client.CreateProjectAsync("drain"), new
        {
            name = "api", kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080,
        });
        var dockerService = $"dropit-drain-{Guid.NewGuid():N}"[..24];
        await cluster.DockerAsync(cluster.Manager, "service", "create", "--detach", "--name", dockerService, "--replicas", "2",
            "--constraint", "node.role==worker", "--label", "dropit.managed=true", "--container-label", "dropit.managed=true",
            "--container-label", $"dropit.service={serviceId}", TestImages.Busybox, "sleep", "3600");
        var (first, second) = (await NodeIdAsync(cluster.Workers[0].Hostname), await NodeIdAsync(cluster.Workers[1].Hostname));
        try
        {
            await RunningAsync(serviceId, (first, 1), (second, 1));

            var drained = await api.PostAsync($"/api/nodes/{first}/drain", null, Ct);

            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
            Assert.Equal("drain", (await ApiJson.ReadAsync<JsonElement>(drained)).GetProperty("availability").GetString());
            await RunningAsync(serviceId, (first, 0), (second, 2));

            var active = await api.PostAsync($"/api/nodes/{first}/activate", null, Ct);
            Assert.Equal("active", (await ApiJson.ReadAsync<JsonElement>(active)).GetProperty("availability").GetString());
            Assert.Equal("active", (await cluster.DockerAsync(cluster.Manager, "node", "inspect", "--format", "{{.Spec.Availability}}", first)).Trim());

            var remove = await api.DeleteAsync($"/api/nodes/{first}", Ct);
            Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
            Assert.Contains("is still up", (await ApiJson.ReadAsync<ApiJson.Problem>(remove)).Detail);

            var promoted = await api.PostAsync($"/api/nodes/{second}/promote", null, Ct);
            Assert.Equal("manager", (await ApiJson.ReadAsync<JsonElement>(promoted)).GetProperty("role").GetString());
            await Eventually.MatchesAsync(() => NodeAsync(second), n => n.GetProperty("manager").ValueKind == JsonValueKind.Object,
                TimeSpan.FromSeconds(30), "the promoted worker listed as a manager");
            var demoted = await api.PostAsync($"/api/nodes/{second}/demote", null, Ct);
            Assert.Equal("worker", (await ApiJson.ReadAsync<JsonElement>(demoted)).GetProperty("role").GetString());
            Assert.Equal("worker", (await cluster.DockerAsync(cluster.Manager, "node", "inspect", "--format", "{{.Spec.Role}}", second)).Trim());
        }
        finally
        {
            await cluster.DockerAsync(cluster.Manager, "service", "rm", dockerService);
            foreach (var worker in cluster.Workers)
            {
                await cluster.DockerAsync(cluster.Manager, "node", "update", "--availability", "active", "--role", "worker", worker.Hostname);
            }
        }
    }

    private async Task<JsonElement> NodeAsync(string id) => await api.GetFromJsonAsync<JsonElement>($"/api/nodes/{id}", ApiJson.Options, Ct);

    private async Task<string> NodeIdAsync(string hostname) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/nodes", ApiJson.Options, Ct)).EnumerateArray()
        .Single(n => n.GetProperty("hostname").GetString() == hostname).GetProperty("id").GetString()!;

    /// <summary>Waits until the Servers API shows the service with these running tasks on these nodes.</summary>
    private Task RunningAsync(Guid serviceId, params (string Node, int Running)[] expected) =>
        Eventually.MatchesAsync(async () => await Task.WhenAll(expected.Select(e => NodeAsync(e.Node))),
            nodes => nodes.Zip(expected).All(p => Running(p.First, serviceId) == p.Second.Running),
            TimeSpan.FromSeconds(90), $"running tasks {string.Join(", ", expected.Select(e => $"{e.Running} on {e.Node}"))}");

    private static int Running(JsonElement node, Guid serviceId) =>
        node.GetProperty("services").EnumerateArray().Where(s => s.GetProperty("id").GetGuid() == serviceId)
            .Sum(s => s.GetProperty("running").GetInt32());
}
