using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// A compose stack on the three-node swarm (decision 066): its service with a volume stays on the node of that volume
/// across redeploys, even when Swarm would rather place it elsewhere.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class StackVolumePinTests : IAsyncLifetime
{
    private const string Filler = "dropit-test-pin-filler";
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();
    private string? stack;

    public StackVolumePinTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await cluster.DockerAsync(cluster.Manager, "service", "rm", Filler).ContinueWith(_ => { }, TaskScheduler.Default);
        if (stack is null)
        {
            await panel.DisposeAsync();
            return;
        }

        await cluster.DockerAsync(cluster.Manager, "stack", "rm", stack).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var node in cluster.Nodes)
        {
            // The volume is removed once the stack's task has stopped on its node.
            await Eventually.MatchesAsync(
                async () => (await cluster.ExecAsync(node, "docker", "volume", "rm", "-f", $"{stack}_data")).Succeeded,
                removed => removed, TimeSpan.FromSeconds(30), $"the stack's volume to be removed on {node.Name}").ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await panel.DisposeAsync();
    }

    [Fact]
    public async Task Redeploy_WhileItsNodeIsTheBusiest_KeepsTheServiceWithAVolumeOnThatNode()
    {
        var projectId = await panel.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<ProjectService>().CreateAsync("pins", null, Actor.System, Ct)).Value!.Id);
        var view = await panel.WithScopeAsync(async sp =>
        {
            var created = await sp.GetRequiredService<ComposeCatalog>().CreateAsync(projectId,
                new ComposeInput { Name = "store", Source = ComposeSource.Inline, File = File("1") }, Actor.System, Ct);
            Assert.True(created.Succeeded, created.Error);
            return created.Value!;
        });
        stack = view.StackName;

        var first = await DeployAsync(view.Id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error);
        var pinned = Assert.Single(await VolumeNodesAsync(view.Id));
        Assert.StartsWith("store=", pinned, StringComparison.Ordinal);
        var nodeId = pinned["store=".Length..];
        var host = await RunningNodeAsync();
        Assert.Equal(host, (await cluster.DockerAsync(cluster.Manager, "node", "inspect", nodeId, "--format", "{{.Description.Hostname}}")).Trim());

        // Swarm places a new task on the node with the fewest tasks: make the volume's node the busiest.
        await cluster.DockerAsync(cluster.Manager, "service", "create", "--name", Filler, "--replicas", "3", "--constraint", $"node.id=={nodeId}",
            "--detach", TestImages.Busybox, "sleep", "3600");
        await Eventually.MatchesAsync(() => cluster.DockerAsync(cluster.Manager, "service", "ls", "--filter", $"name={Filler}", "--format", "{{.Replicas}}"),
            replicas => replicas.Trim() == "3/3", TimeSpan.FromSeconds(60), "the filler's three tasks to run");

        await panel.WithScopeAsync(async sp =>
        {
            var updated = await sp.GetRequiredService<ComposeCatalog>().UpdateAsync(view.Id, new ComposeInput { File = File("2") }, Actor.System, Ct);
            Assert.True(updated.Succeeded, updated.Error);
            return true;
        });
        var second = await DeployAsync(view.Id);

        Assert.True(second.Status == DeploymentStatus.Succeeded, second.Error);
        Assert.Equal(host, await RunningNodeAsync());
        Assert.Contains($"node.id=={nodeId}", await cluster.DockerAsync(cluster.Manager, "service", "inspect", $"{stack}_store",
            "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}"));
        Assert.Contains($"node.id=={nodeId}", second.StackFile);
        Assert.Equal([pinned], await VolumeNodesAsync(view.Id));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string File(string round) => $$"""
        services:
          store:
            image: {{TestImages.Busybox}}
            command: ["sh", "-c", "test -f /data/born || hostname > /data/born; exec sleep 3600"]
            environment: { ROUND: "{{round}}" }
            volumes: [ "data:/data" ]
        volumes:
          data: {}
        """;

    private async Task<string> RunningNodeAsync() =>
        (await cluster.DockerAsync(cluster.Manager, "service", "ps", $"{stack}_store", "--filter", "desired-state=running", "--format", "{{.Node}}")).Trim();

    private async Task<Deployment> DeployAsync(Guid serviceId)
    {
        var queued = await panel.WithScopeAsync(sp =>
            sp.GetRequiredService<DeploymentService>().QueueAsync(serviceId, DeploymentTrigger.User, Actor.System, CancellationToken.None));
        Assert.True(queued.Succeeded, queued.Error);
        return (await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == queued.Value!.Id)),
            d => d is { Status: DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Cancelled },
            TimeSpan.FromSeconds(240), "the deployment to finish"))!;
    }

    private Task<List<string>> VolumeNodesAsync(Guid serviceId) =>
        panel.WithScopeAsync(async sp => (await sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking()
            .FirstAsync(s => s.Id == serviceId)).Compose!.VolumeNodes);
}
