using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Cluster;

public sealed class ServerRulesTests
{
    private static SwarmNode Node(string hostname, string role = NodeRoles.Worker, string state = "ready", string availability = NodeAvailability.Active) =>
        new($"id-{hostname}", hostname, role, state, null, availability, null, "20.10.24", "linux", "x86_64", 0, 0,
            new Dictionary<string, string>(), role == NodeRoles.Manager ? new ManagerState(true, "reachable", "10.0.0.1:2377") : null);

    [Fact]
    public void CheckRole_DemotingTheLastManager_IsRefusedWithWhatToDo()
    {
        var manager = Node("m1", NodeRoles.Manager);

        var error = ServerRules.CheckRole(manager, NodeRoles.Worker, [manager, Node("w1")]);

        Assert.Equal("m1 is the last manager: without one the swarm cannot be run. Promote another server first.", error);
    }

    [Fact]
    public void CheckRole_DemotingOneOfTwoManagers_IsAllowed()
    {
        var manager = Node("m1", NodeRoles.Manager);

        Assert.Null(ServerRules.CheckRole(manager, NodeRoles.Worker, [manager, Node("m2", NodeRoles.Manager)]));
    }

    [Fact]
    public void CheckRole_PromotingANodeThatIsDown_IsRefused() =>
        Assert.Contains("is down", ServerRules.CheckRole(Node("w1", state: "down"), NodeRoles.Manager, []));

    [Fact]
    public void CheckAvailability_DrainingTheOnlyActiveServer_IsRefused()
    {
        var only = Node("m1", NodeRoles.Manager);

        Assert.Contains("only active server", ServerRules.CheckAvailability(only, NodeAvailability.Drain, [only, Node("w1", availability: NodeAvailability.Drain)]));
        Assert.Null(ServerRules.CheckAvailability(only, NodeAvailability.Drain, [only, Node("w2")]));
        Assert.Null(ServerRules.CheckAvailability(only, NodeAvailability.Pause, [only]));
    }

    [Theory]
    [InlineData("sideways")]
    [InlineData("Drain")]
    public void CheckAvailabilityName_Unknown_IsRefused(string value) =>
        Assert.Contains("use active, pause or drain", ServerRules.CheckAvailabilityName(value));

    [Fact]
    public void CheckRemoval_NodeStillUp_SaysToDrainAndLeaveFirst() =>
        Assert.Contains("docker swarm leave", ServerRules.CheckRemoval(Node("w1"), panelNodeId: "id-m1"));

    [Fact]
    public void CheckRemoval_Manager_SaysToDemoteFirst() =>
        Assert.Contains("demote it to a worker first", ServerRules.CheckRemoval(Node("m2", NodeRoles.Manager, state: "down"), panelNodeId: "id-m1"));

    [Fact]
    public void CheckRemoval_ThePanelsOwnServer_IsRefused() =>
        Assert.Contains("the server the panel runs on", ServerRules.CheckRemoval(Node("m1", NodeRoles.Manager), panelNodeId: "id-m1"));

    [Fact]
    public void CheckRemoval_WorkerThatIsDown_IsAllowed() =>
        Assert.Null(ServerRules.CheckRemoval(Node("w1", state: "down"), panelNodeId: "id-m1"));

    [Theory]
    [InlineData("region", "eu west")]
    [InlineData("-region", "eu")]
    [InlineData("region name", "eu")]
    public void CheckLabels_BadNameOrValue_IsRefused(string key, string value) =>
        Assert.NotNull(ServerRules.CheckLabels(new Dictionary<string, string> { [key] = value }));

    [Fact]
    public void CheckLabels_UsualLabels_AreAccepted() =>
        Assert.Null(ServerRules.CheckLabels(new Dictionary<string, string> { ["region"] = "eu-west", ["dropit.example/zone"] = "a", ["empty"] = "" }));
}
