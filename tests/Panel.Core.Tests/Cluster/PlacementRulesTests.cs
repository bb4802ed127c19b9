using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Cluster;

public sealed class PlacementRulesTests
{
    private static SwarmNode Node(string hostname, string role = NodeRoles.Worker, string state = "ready", string availability = NodeAvailability.Active,
        params (string Key, string Value)[] labels) =>
        new($"id-{hostname}", hostname, role, state, null, availability, "10.0.0.1", "26.1.5", "linux", "x86_64", 2_000_000_000, 1 << 30,
            labels.ToDictionary(l => l.Key, l => l.Value), null);

    [Theory]
    [InlineData("node.labels.region==eu", "node.labels.region==eu")]
    [InlineData("  node.hostname != web-1 ", "node.hostname!=web-1")]
    [InlineData("node.role==worker", "node.role==worker")]
    [InlineData("engine.labels.disk==ssd", "engine.labels.disk==ssd")]
    public void Normalize_ConstraintsPeopleWrite_TakeOneForm(string typed, string expected) =>
        Assert.Equal(expected, PlacementRules.Normalize(typed));

    [Theory]
    [InlineData("region==eu")]
    [InlineData("node.labels.region=eu")]
    [InlineData("node.labels.region==eu west")]
    [InlineData("node.name==web-1")]
    public void Check_NotAConstraint_IsRefusedWithTheAcceptedForm(string constraint)
    {
        var error = PlacementRules.Check([constraint], []);

        Assert.Contains($"\"{constraint}\" is not a placement constraint", error);
        Assert.Contains("node.labels.region==eu", error);
    }

    [Fact]
    public void Check_RoleThatIsNoRole_IsRefused() =>
        Assert.Contains("manager or worker", PlacementRules.Check(["node.role==boss"], []));

    [Theory]
    [InlineData("spread=node.labels.zone", "node.labels.zone")]
    [InlineData("node.labels.zone", "node.labels.zone")]
    [InlineData("node.hostname", null)]
    [InlineData("spread=zone", null)]
    public void NormalizeSpread_TakesLabelsOnly(string typed, string? expected)
    {
        Assert.Equal(expected, PlacementRules.NormalizeSpread(typed));
        Assert.Equal(expected is null, PlacementRules.Check([], [typed]) is not null);
    }

    [Fact]
    public void Matches_LabelRoleAndHostname_AsSwarmDoes()
    {
        var eu = Node("web-1", labels: ("region", "eu"));
        var us = Node("web-2", role: NodeRoles.Manager, labels: ("region", "us"));

        Assert.True(PlacementRules.Matches(["node.labels.region==EU", "node.role==worker"], eu));
        Assert.False(PlacementRules.Matches(["node.labels.region==eu"], us));
        Assert.True(PlacementRules.Matches(["node.labels.zone!=a"], us));
        Assert.False(PlacementRules.Matches(["node.hostname!=web-1"], eu));
    }

    [Fact]
    public void Unplaceable_NoServerWithTheLabel_SaysWhichLabelToAdd()
    {
        var reason = PlacementRules.Unplaceable(["node.labels.region==eu"], [Node("web-1"), Node("web-2", labels: ("region", "us"))]);

        Assert.Contains("No server matches the placement (node.labels.region==eu)", reason);
        Assert.Contains("Servers page", reason);
    }

    [Fact]
    public void Unplaceable_OnlyTheDrainedServerMatches_SaysToMakeItActive()
    {
        var reason = PlacementRules.Unplaceable(["node.hostname==db-1"], [Node("db-1", availability: NodeAvailability.Drain), Node("web-1")]);

        Assert.Contains("only fits db-1 (drain)", reason);
        Assert.Contains("Make it active", reason);
    }

    [Fact]
    public void Unplaceable_AMatchingActiveServer_IsFine() =>
        Assert.Null(PlacementRules.Unplaceable(["node.labels.region==eu"], [Node("web-1", labels: ("region", "eu"))]));

    [Fact]
    public void Constraints_ServiceWithVolumes_IsPinnedToTheirNodeFirst()
    {
        var app = new ApplicationSettings { Volumes = [new VolumeMount { Source = "data", Target = "/data" }], VolumeNodeId = "n1" };
        ServicePlacement.Apply(app, ["node.labels.region == eu", " "], ["spread=node.labels.zone"]);

        Assert.Equal(["node.id==n1", "node.labels.region==eu"], ServicePlacement.Constraints(app));
        Assert.Equal(["node.labels.zone"], ServicePlacement.Spreads(app));
    }

    [Fact]
    public void Apply_VolumesRemoved_UnpinsTheService()
    {
        var app = new ApplicationSettings { VolumeNodeId = "n1" };
        ServicePlacement.Apply(app, null, null);

        Assert.Null(app.VolumeNodeId);
        Assert.Empty(ServicePlacement.Constraints(app));
    }
}
