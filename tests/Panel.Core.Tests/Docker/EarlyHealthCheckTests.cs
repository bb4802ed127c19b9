using Docker.DotNet.Models;
using Version = System.Version;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

/// <summary>What a service's spec sets of its image's HEALTHCHECK where the panel checks health itself (decision 055).</summary>
public sealed class EarlyHealthCheckTests
{
    private static readonly TimeSpan StartPeriod = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OldEngineInterval = TimeSpan.FromSeconds(1);

    /// <summary>The sample application's: <c>HEALTHCHECK --interval=2s --timeout=2s --retries=3</c>.</summary>
    private static HealthcheckConfig Image() => new()
    {
        Test = ["CMD-SHELL", "true"],
        Interval = TimeSpan.FromSeconds(2),
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 3,
    };

    [Fact]
    public void For_Api144_StartsAtOnceAndKeepsTheImagesCommandAndInterval()
    {
        var check = EarlyHealthCheck.For(Image(), StartPeriod, new Version(1, 44), OldEngineInterval);

        Assert.NotNull(check);
        Assert.Equal(EarlyHealthCheck.StartInterval, check.StartInterval);
        Assert.Equal(StartPeriod, check.StartPeriod);
        Assert.Null(check.Test);
        Assert.Null(check.Interval);
        Assert.Null(check.Retries);
    }

    [Fact]
    public void For_Api141_SendsNoStartIntervalAndKeepsTheTimeToUnhealthy()
    {
        var check = EarlyHealthCheck.For(Image(), StartPeriod, new Version(1, 41), OldEngineInterval);

        Assert.NotNull(check);
        Assert.Null(check.StartInterval); // a field of API 1.44 never goes to an older engine
        Assert.Null(check.StartPeriod);
        Assert.Equal(OldEngineInterval, check.Interval);
        Assert.Equal(6, check.Retries); // 3 failures 2 s apart before: 6 failures 1 s apart now
    }

    [Fact]
    public void For_Api141ImageWithDockersDefaults_ShortensThe30SecondInterval()
    {
        var check = EarlyHealthCheck.For(new HealthcheckConfig { Test = ["CMD", "true"] }, StartPeriod, new Version(1, 41), OldEngineInterval);

        Assert.Equal(OldEngineInterval, check!.Interval);
        Assert.Equal(90, check.Retries);
    }

    [Fact]
    public void For_Api141IntervalAlreadyShortOrSettingOff_LeavesTheImagesCheck()
    {
        var quick = Image();
        quick.Interval = TimeSpan.FromSeconds(1);

        Assert.Null(EarlyHealthCheck.For(quick, StartPeriod, new Version(1, 41), OldEngineInterval));
        Assert.Null(EarlyHealthCheck.For(Image(), StartPeriod, new Version(1, 41), TimeSpan.Zero));
    }

    [Fact]
    public void For_ImageWithoutHealthcheck_SetsNothing()
    {
        Assert.Null(EarlyHealthCheck.For(null, StartPeriod, new Version(1, 45), OldEngineInterval));
        Assert.Null(EarlyHealthCheck.For(new HealthcheckConfig { Test = ["NONE"] }, StartPeriod, new Version(1, 45), OldEngineInterval));
    }

    [Fact]
    public void For_ImageWithALongerStartPeriod_KeepsIt()
    {
        var slow = Image();
        slow.StartPeriod = TimeSpan.FromSeconds(120);

        Assert.Equal(TimeSpan.FromSeconds(120), EarlyHealthCheck.For(slow, StartPeriod, new Version(1, 44), OldEngineInterval)!.StartPeriod);
    }
}
