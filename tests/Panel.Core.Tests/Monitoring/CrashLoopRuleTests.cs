using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class CrashLoopRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CrashLoopRule rule = new(deaths: 3, window: TimeSpan.FromMinutes(5));
    private readonly Guid service = Guid.NewGuid();

    private void Crash(double minutes, Guid? deployment = null) =>
        rule.Record(service, new CrashLoopRule.Crash(Start.AddMinutes(minutes), deployment, "1"));

    [Fact]
    public void ThreeCrashesWithinFiveMinutes_IsACrashLoop()
    {
        Crash(0);
        Crash(1);
        Crash(4);

        Assert.True(rule.IsCrashLooping(service, Start.AddMinutes(4), null));
    }

    [Fact]
    public void TwoCrashes_IsNotACrashLoop()
    {
        Crash(0);
        Crash(0.1);

        Assert.False(rule.IsCrashLooping(service, Start.AddMinutes(1), null));
    }

    [Fact]
    public void CrashesOlderThanTheWindow_AgeOut()
    {
        Crash(0);
        Crash(1);
        Crash(2);

        Assert.True(rule.IsCrashLooping(service, Start.AddMinutes(2), null));
        Assert.False(rule.IsCrashLooping(service, Start.AddMinutes(5.5), null));
    }

    [Fact]
    public void CrashesOfANewVersionFailingItsHealthCheck_DoNotFlagTheLiveOne()
    {
        var live = Guid.NewGuid();
        var candidate = Guid.NewGuid();
        Crash(0, candidate);
        Crash(1, candidate);
        Crash(2, candidate);

        Assert.False(rule.IsCrashLooping(service, Start.AddMinutes(2), live));
        Assert.True(rule.IsCrashLooping(service, Start.AddMinutes(2), candidate));
    }

    [Fact]
    public void ManyCrashes_KeepsABoundedNumber()
    {
        for (var i = 0; i < 1_000; i++)
        {
            Crash(i / 1_000.0);
        }

        Assert.Equal(12, rule.Recent(service, Start.AddMinutes(1), null).Count);
    }

    [Fact]
    public void Lifecycle_SigtermBeforeDeath_IsAStopAndSigkillAloneIsNot()
    {
        var lifecycle = new ContainerLifecycle();
        lifecycle.Killed("stopped", "15", Start);
        lifecycle.Killed("killed", "9", Start);

        Assert.True(lifecycle.WasStopped("stopped", Start.AddSeconds(10)));
        Assert.False(lifecycle.WasStopped("killed", Start.AddSeconds(1)));
        Assert.False(lifecycle.WasStopped("stopped", Start.AddMinutes(3)));
    }

    [Fact]
    public void Lifecycle_DiedThenStartedAgain_IsNoLongerExited()
    {
        var lifecycle = new ContainerLifecycle();
        lifecycle.Died("c1", Start);
        Assert.True(lifecycle.HasExited("c1"));

        lifecycle.Started("c1", Start.AddSeconds(1));

        Assert.False(lifecycle.HasExited("c1"));
    }
}
