using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Tests.Alerts;

public sealed class AlertChecksTests
{
    private static AlertChecks Checks(int threshold = 85) =>
        new(null!, new DataDirectory(Path.GetTempPath()), Options.Create(new AlertOptions { DiskThresholdPercent = threshold }), TimeProvider.System);

    [Fact]
    public void Disk_OverTheThreshold_RaisesACondition()
    {
        var raise = new List<AlertEvent>();
        var resolve = new List<AlertRecovery>();

        Checks().Disk(new FileSystemUsage("/var/lib/dropit", 100_000_000_000, 9_000_000_000), raise, resolve);

        var alert = Assert.Single(raise);
        Assert.Equal(AlertEventKinds.DiskFull, alert.Kind);
        Assert.True(alert.IsCondition);
        Assert.Equal("Disk 91% full", alert.Title);
        Assert.Contains("9 GB are free", alert.Text);
        Assert.Empty(resolve);
    }

    [Fact]
    public void Disk_UnderTheThreshold_ResolvesIt()
    {
        var raise = new List<AlertEvent>();
        var resolve = new List<AlertRecovery>();

        Checks(threshold: 95).Disk(new FileSystemUsage("/var/lib/dropit", 100_000_000_000, 9_000_000_000), raise, resolve);

        Assert.Empty(raise);
        Assert.Equal(AlertEventKinds.DiskFull, Assert.Single(resolve).Kind);
    }
}
