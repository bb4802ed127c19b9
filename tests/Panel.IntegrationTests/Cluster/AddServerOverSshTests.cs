using DropIt.Panel.Core.Cluster;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Adding a server over SSH against the Docker 26 swarm (decision 059): the panel manages the cluster's manager, a worker
/// is taken out of the swarm, and the panel adds it back through the worker's own sshd. Each test puts the worker back
/// in the swarm when it ends, as the other tests of the collection expect.
/// </summary>
[Collection(MultiNode.Name)]
public sealed class AddServerOverSshTests : IAsyncLifetime
{
    private readonly DockerCluster cluster;
    private readonly BootstrappedPanel panel = new();

    public AddServerOverSshTests(ClusterFixture fixture)
    {
        cluster = fixture.Cluster;
        ClusterFixture.ManageCluster(panel, cluster);
    }

    private ClusterNode Worker => cluster.Workers[^1];

    public async ValueTask InitializeAsync()
    {
        await TakeOutAsync();
        var joins = new ServerJoinClient(panel.Api());
        await cluster.StartSshdAsync(Worker, (await joins.SshKeyAsync()).PublicKey);
    }

    public async ValueTask DisposeAsync()
    {
        await PutBackAsync();
        await panel.DisposeAsync();
    }

    [Fact]
    public async Task AddServer_WorkerOverSsh_BecomesAReadyNode()
    {
        var joins = new ServerJoinClient(panel.Api());
        var scan = await joins.ScanAsync(Worker.Address, 22);

        var done = await joins.JoinAsync(new { host = Worker.Address, port = 22, user = "root", role = "worker", acceptHostKey = scan.Fingerprint },
            TimeSpan.FromMinutes(3));

        Assert.True(done.Status == JoinStatus.Succeeded, $"{done.Error}\n{string.Join('\n', done.Steps)}");
        Assert.All(done.Steps, s => Assert.Equal(JoinStepStatus.Succeeded, s.Status));
        Assert.Contains("Docker 26.1.5", done.Steps.Single(s => s.Name == JoinSteps.Docker).Detail, StringComparison.Ordinal);
        Assert.Contains($"reaches the manager at {cluster.Manager.Address}:2377", done.Steps.Single(s => s.Name == JoinSteps.Manager).Detail,
            StringComparison.Ordinal);
        var node = (await cluster.DockerAsync(cluster.Manager, "node", "inspect", done.NodeId!, "--format",
            "{{.Description.Hostname}} {{.Spec.Role}} {{.Status.State}} {{.Status.Addr}}")).Trim();
        Assert.Equal($"{Worker.Hostname} worker ready {Worker.Address}", node);
    }

    [Fact]
    public async Task AddServer_ManagerPortBlockedFromTheNode_FailsBeforeJoiningAndTheSwarmIsUnchanged()
    {
        var joins = new ServerJoinClient(panel.Api());
        var scan = await joins.ScanAsync(Worker.Address, 22);
        var nodesBefore = await NodeListAsync();
        string[] rule = ["OUTPUT", "-d", cluster.Manager.Address, "-p", "tcp", "--dport", "2377", "-j", "REJECT"];
        await cluster.ExecAsync(Worker, ["iptables", "-I", .. rule]);
        try
        {
            var done = await joins.JoinAsync(new { host = Worker.Address, user = "root", acceptHostKey = scan.Fingerprint }, TimeSpan.FromMinutes(2));

            Assert.Equal(JoinStatus.Failed, done.Status);
            Assert.Equal(JoinStepStatus.Failed, done.Steps.Single(s => s.Name == JoinSteps.Manager).Status);
            Assert.StartsWith($"{JoinSteps.Manager}: The server cannot reach the manager at {cluster.Manager.Address}:2377", done.Error,
                StringComparison.Ordinal);
            Assert.Contains("Nothing was changed", done.Error, StringComparison.Ordinal);
            Assert.All(done.Steps.SkipWhile(s => s.Name != JoinSteps.Firewall), s => Assert.Equal(JoinStepStatus.Skipped, s.Status));
            Assert.Equal(nodesBefore, await NodeListAsync());
            Assert.Equal("inactive", (await cluster.DockerAsync(Worker, "info", "--format", "{{.Swarm.LocalNodeState}}")).Trim());
        }
        finally
        {
            await cluster.ExecAsync(Worker, ["iptables", "-D", .. rule]);
        }
    }

    private async Task<string> NodeListAsync() =>
        string.Join('\n', (await cluster.DockerAsync(cluster.Manager, "node", "ls", "--format", "{{.ID}} {{.Hostname}} {{.Status}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    /// <summary>The worker leaves the swarm and the manager forgets it: a server that was never added.</summary>
    private async Task TakeOutAsync()
    {
        if ((await cluster.DockerAsync(Worker, "info", "--format", "{{.Swarm.LocalNodeState}}")).Trim() != "inactive")
        {
            await cluster.DockerAsync(Worker, "swarm", "leave", "--force");
        }

        await RemoveStaleEntriesAsync(keepReady: false);
    }

    /// <summary>Back in the swarm as the cluster made it, whatever the test did.</summary>
    private async Task PutBackAsync()
    {
        if ((await cluster.DockerAsync(Worker, "info", "--format", "{{.Swarm.LocalNodeState}}")).Trim() != "active")
        {
            await cluster.DockerAsync(Worker, "swarm", "leave", "--force").ContinueWith(_ => { }, TaskScheduler.Default);
            await RemoveStaleEntriesAsync(keepReady: false);
            var token = (await cluster.DockerAsync(cluster.Manager, "swarm", "join-token", "-q", "worker")).Trim();
            await cluster.DockerAsync(Worker, "swarm", "join", "--token", token, "--advertise-addr", Worker.Address, cluster.Manager.Address + ":2377");
        }

        await Eventually.TrueAsync(async () => (await NodeListAsync()).Contains($"{Worker.Hostname} Ready", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), $"{Worker.Hostname} to be a ready node again");
        await RemoveStaleEntriesAsync(keepReady: true);
    }

    private async Task RemoveStaleEntriesAsync(bool keepReady)
    {
        foreach (var line in (await NodeListAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields[1] == Worker.Hostname && !(keepReady && fields[2] == "Ready"))
            {
                await cluster.DockerAsync(cluster.Manager, "node", "rm", "--force", fields[0]);
            }
        }
    }
}
