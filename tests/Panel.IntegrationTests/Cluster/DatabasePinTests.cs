using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// A database on the three-node swarm (decision 067): its first start runs on the panel's node even when Swarm would
/// rather use a worker, it stays pinned there, and a restart keeps its data.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class DatabasePinTests : IAsyncLifetime
{
    private const string Filler = "dropit-test-db-filler";
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private HttpClient api = null!;

    public DatabasePinTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await DatabaseImages.EnsureAsync();
        await cluster.LoadImageAsync(DatabaseImages.Redis7);
        api = panel.Api();
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.DockerAsync(cluster.Manager, "service", "rm", Filler).ContinueWith(_ => { }, TaskScheduler.Default);
        await panel.DisposeAsync();
    }

    [Fact]
    public async Task Database_WhileThePanelsNodeIsTheBusiest_StartsThereStaysPinnedAndKeepsItsDataAcrossARestart()
    {
        // Swarm places a new task on the node with the fewest tasks: make the manager (the panel's node) the busiest.
        await cluster.DockerAsync(cluster.Manager, "service", "create", "--name", Filler, "--replicas", "3", "--constraint", "node.role==manager",
            "--detach", TestImages.Busybox, "sleep", "3600");
        var deploys = new DeployClient(api);
        var projectId = await deploys.CreateProjectAsync("pinned-db");
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases", new { name = "cache", engine = "redis", version = "7" }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        try
        {
            await SucceededAsync(id);
            var url = (await (await api.PostAsync($"/api/databases/{id}/credentials", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
                .GetProperty("url").GetString()!;
            var engineName = new Uri(url).Host;
            var managerId = (await cluster.DockerAsync(cluster.Manager, "node", "inspect", cluster.Manager.Hostname, "--format", "{{.ID}}")).Trim();

            Assert.Equal(cluster.Manager.Hostname, await RunningNodeAsync(engineName));
            Assert.Contains($"node.id=={managerId}", await cluster.DockerAsync(cluster.Manager, "service", "inspect", engineName,
                "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}"));
            Assert.Equal("OK", (await RedisAsync(projectId, url, "SET", "session:1", "kept")).Trim());

            var before = await RunningTaskAsync(engineName);
            Assert.True((await api.PostAsync($"/api/databases/{id}/restart", null, Ct)).IsSuccessStatusCode);
            var after = await Eventually.MatchesAsync(() => RunningTaskAsync(engineName),
                task => task.Split(' ')[0] != before.Split(' ')[0] && task.Contains(" Running ", StringComparison.Ordinal), TimeSpan.FromSeconds(120),
                "a new task of the database running");

            Assert.Contains($" {cluster.Manager.Hostname} ", after);
            Assert.Equal("kept", (await Eventually.MatchesAsync(() => RedisAsync(projectId, url, "GET", "session:1"),
                value => value.Trim() == "kept", TimeSpan.FromSeconds(30), "the key read back after the restart")).Trim());
        }
        finally
        {
            await api.DeleteAsync($"/api/databases/{id}?deleteVolume=true", Ct);
        }
    }

    private async Task SucceededAsync(Guid databaseId)
    {
        var deployments = await Eventually.MatchesAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/databases/{databaseId}/deployments", ApiJson.Options, Ct),
            list => list.GetArrayLength() > 0 && list[0].GetProperty("status").GetString() is "succeeded" or "failed",
            TimeSpan.FromSeconds(240), "the database's first start to finish");
        Assert.True(deployments[0].GetProperty("status").GetString() == "succeeded", deployments[0].ToString());
    }

    /// <summary>"&lt;task id&gt; &lt;node&gt; &lt;state&gt;" of the task meant to run ("... Running 3 seconds ago").</summary>
    private async Task<string> RunningTaskAsync(string engineName) =>
        (await cluster.DockerAsync(cluster.Manager, "service", "ps", engineName, "--filter", "desired-state=running",
            "--format", "{{.ID}} {{.Node}} {{.CurrentState}}")).Trim();

    private async Task<string> RunningNodeAsync(string engineName) =>
        (await cluster.DockerAsync(cluster.Manager, "service", "ps", engineName, "--filter", "desired-state=running", "--format", "{{.Node}}")).Trim();

    private Task<string> RedisAsync(Guid projectId, string url, params string[] command) =>
        cluster.DockerAsync(cluster.Manager, ["run", "--rm", "--network", TestNetworks.OfProject(projectId), DatabaseImages.Redis7,
            "redis-cli", "-u", url, .. command]);
}
