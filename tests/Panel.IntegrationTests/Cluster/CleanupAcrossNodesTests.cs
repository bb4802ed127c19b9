using System.Net.Http.Json;
using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Cleanup;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// The disk cleanup on a worker of the three-node Docker 26 swarm (decision 065): a job on each other node removes the
/// panel's images outside the retention and keeps the live one and one a running container uses; the job is gone after.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class CleanupAcrossNodesTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private HttpClient api = null!;

    public CleanupAcrossNodesTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
        panel.Settings["Cleanup:Enabled"] = "false";
        panel.Settings["Cleanup:BuildCacheHours"] = "87600";
        panel.Settings["Deployments:KeepImages"] = "1";
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        api = panel.Api();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task Cleanup_OnAWorker_RemovesAnUnusedImageOfThePanel_AndKeepsTheLiveAndTheUsedOnes()
    {
        var client = new DeployClient(api);
        var app = await client.CreateApplicationAsync(await client.CreateProjectAsync("cleanup"), new
        {
            name = "api", kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080,
        });
        await using var scene = new CleanupScene(panel);
        var (old, used, live) = (await scene.AddDeploymentAsync(app, DeploymentStatus.Succeeded, 30),
            await scene.AddDeploymentAsync(app, DeploymentStatus.Succeeded, 20), await scene.AddDeploymentAsync(app, DeploymentStatus.Succeeded, 10));
        await scene.SetLiveAsync(app, live.Id);
        var worker = cluster.Workers[0];
        string[] tags = [old.ImageTag!, used.ImageTag!, live.ImageTag!];
        foreach (var tag in tags)
        {
            await cluster.DockerAsync(worker, "tag", TestImages.Busybox, tag);
        }

        var container = $"dropit-clean-{Guid.NewGuid():N}"[..24];
        await cluster.DockerAsync(worker, "run", "-d", "--pull=never", "--name", container, used.ImageTag!, "sleep", "600");
        try
        {
            var response = await api.PostAsync("/api/cleanup?dryRun=false", null, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
            var report = await response.Content.ReadFromJsonAsync<CleanupReport>(ApiJson.Options, Ct);

            var node = Assert.Single(report!.Nodes, n => n.Hostname == worker.Hostname);
            Assert.Null(node.Error);
            Assert.Equal([old.ImageTag!], node.ImagesRemoved);
            Assert.Contains(new KeptImage(live.ImageTag!, KeepReasons.Live), node.ImagesKept);
            Assert.Contains(new KeptImage(used.ImageTag!, KeepReasons.InUse), node.ImagesKept);
            var present = await Task.WhenAll(tags.Select(t => HasImageAsync(worker, t)));
            Assert.Equal(new[] { false, true, true }, present);
            Assert.Equal("", (await cluster.DockerAsync(cluster.Manager, "service", "ls", "--quiet", "--filter",
                $"name={NodeImageCleanup.ServiceName}")).Trim());
        }
        finally
        {
            await cluster.DockerAsync(worker, "rm", "-f", container);
            foreach (var tag in tags)
            {
                await cluster.DockerAsync(worker, "image", "rm", tag).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<bool> HasImageAsync(ClusterNode node, string tag) =>
        (await cluster.DockerAsync(node, "image", "ls", "--quiet", tag)).Trim().Length > 0;
}
