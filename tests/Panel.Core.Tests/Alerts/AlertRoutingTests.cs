using DropIt.Panel.Core.Alerts;

namespace DropIt.Panel.Core.Tests.Alerts;

/// <summary>A failed release command is told once per channel: as release.failed, or as deployment.failed where only that is routed.</summary>
public sealed class AlertRoutingTests
{
    private static readonly Guid Both = Guid.NewGuid();
    private static readonly Guid DeploymentsOnly = Guid.NewGuid();
    private static readonly Guid ReleasesOnly = Guid.NewGuid();
    private static readonly Guid Neither = Guid.NewGuid();

    private static readonly AlertRoute[] Routes =
    [
        new() { EventKind = AlertEventKinds.DeploymentFailed, ChannelId = Both },
        new() { EventKind = AlertEventKinds.ReleaseFailed, ChannelId = Both },
        new() { EventKind = AlertEventKinds.DeploymentFailed, ChannelId = DeploymentsOnly },
        new() { EventKind = AlertEventKinds.ReleaseFailed, ChannelId = ReleasesOnly },
        new() { EventKind = AlertEventKinds.DiskFull, ChannelId = Neither },
    ];

    [Fact]
    public void ReleaseFailed_ChannelRoutingBoth_GetsOneMessage_ChannelRoutingOnlyDeploymentsGetsItAsDeploymentFailed()
    {
        var channels = AlertRouting.ChannelsFor(Routes, AlertEventKinds.ReleaseFailed, AlertEventKinds.DeploymentFailed);

        Assert.Equal(3, channels.Count);
        Assert.Contains((Both, AlertEventKinds.ReleaseFailed), channels);
        Assert.Contains((ReleasesOnly, AlertEventKinds.ReleaseFailed), channels);
        Assert.Contains((DeploymentsOnly, AlertEventKinds.DeploymentFailed), channels);
    }

    [Fact]
    public void DeploymentFailed_WithoutBroaderKind_GoesToItsOwnChannelsOnly() =>
        Assert.Equal([(Both, AlertEventKinds.DeploymentFailed), (DeploymentsOnly, AlertEventKinds.DeploymentFailed)],
            AlertRouting.ChannelsFor(Routes, AlertEventKinds.DeploymentFailed, null));

    [Fact]
    public void NewKinds_HaveTheirLabels()
    {
        Assert.Equal("Release command failed", AlertEventKinds.Label(AlertEventKinds.ReleaseFailed));
        Assert.Equal("Container killed for memory", AlertEventKinds.Label(AlertEventKinds.ServiceOom));
        Assert.Equal("error", AlertEventKinds.Severity(AlertEventKinds.ServiceOom, AlertMessageType.Alert));
    }
}
