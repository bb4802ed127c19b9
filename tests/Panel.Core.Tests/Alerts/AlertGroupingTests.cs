using DropIt.Panel.Core.Alerts;

namespace DropIt.Panel.Core.Tests.Alerts;

/// <summary>Grouping on a clock the test moves: one message per kind and service per period, then a summary, then "resolved".</summary>
public sealed class AlertGroupingTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Api = Guid.NewGuid();
    private static readonly Guid Web = Guid.NewGuid();

    private static AlertEvent Failed(Guid service, DateTimeOffset at, int n = 1) =>
        new(AlertEventKinds.DeploymentFailed, service, "api", "shop", "Deployment of api failed", $"crash {n}", "/deployments/x", at);

    private static AlertRecovery Recovered(Guid service, DateTimeOffset at) =>
        new(AlertEventKinds.DeploymentFailed, service.ToString(), "Resolved: api deploys again", "ok", "/deployments/y", at);

    [Fact]
    public void Storm_50FailuresOfOneService_OneMessageNowAndOneSummaryAtThePeriodsEnd()
    {
        var grouping = new AlertGrouping(Period);
        var sent = new List<OutgoingAlert>();
        for (var i = 0; i < 50; i++)
        {
            sent.AddRange(grouping.Raise(Failed(Api, Start.AddSeconds(i), i + 1), Start.AddSeconds(i)));
        }

        Assert.Equal(AlertMessageType.Alert, Assert.Single(sent).Type);
        Assert.Empty(grouping.Due(Start + Period - TimeSpan.FromSeconds(1)));

        var summary = Assert.Single(grouping.Due(Start + Period));
        Assert.Equal(AlertMessageType.Summary, summary.Type);
        Assert.Equal(49, summary.Count);
        Assert.Contains("crash 50", summary.Text);
        Assert.Empty(grouping.Due(Start + (Period * 2)));
    }

    [Fact]
    public void Failures_OfTwoServices_AreGroupedApart()
    {
        var grouping = new AlertGrouping(Period);

        Assert.Single(grouping.Raise(Failed(Api, Start), Start));
        Assert.Single(grouping.Raise(Failed(Web, Start), Start));
        Assert.Empty(grouping.Raise(Failed(Api, Start.AddMinutes(1)), Start.AddMinutes(1)));
    }

    [Fact]
    public void Failure_AfterAQuietPeriod_IsSentAtOnceAgain()
    {
        var grouping = new AlertGrouping(Period);
        grouping.Raise(Failed(Api, Start), Start);
        Assert.Empty(grouping.Due(Start + Period));

        var again = Start + Period + TimeSpan.FromMinutes(1);
        Assert.Equal(AlertMessageType.Alert, Assert.Single(grouping.Raise(Failed(Api, again), again)).Type);
    }

    [Fact]
    public void Recovery_WithRepeatsCounted_SendsTheSummaryThenResolvedAndOnlyOnce()
    {
        var grouping = new AlertGrouping(Period);
        grouping.Raise(Failed(Api, Start), Start);
        grouping.Raise(Failed(Api, Start.AddMinutes(1)), Start.AddMinutes(1));

        var messages = grouping.Resolve(Recovered(Api, Start.AddMinutes(2)), Start.AddMinutes(2));

        Assert.Equal([AlertMessageType.Summary, AlertMessageType.Resolved], messages.Select(m => m.Type));
        Assert.Empty(grouping.Resolve(Recovered(Api, Start.AddMinutes(3)), Start.AddMinutes(3)));
        Assert.Empty(grouping.Due(Start + Period));
    }

    [Fact]
    public void Recovery_OfNothingOpen_SendsNothing()
    {
        Assert.Empty(new AlertGrouping(Period).Resolve(Recovered(Api, Start), Start));
    }

    [Fact]
    public void Condition_StillHolding_IsNotRepeatedUntilItIsResolved()
    {
        var grouping = new AlertGrouping(Period);
        AlertEvent Disk(DateTimeOffset at) =>
            new(AlertEventKinds.DiskFull, null, null, null, "Disk 91% full", "clean up", "/server", at) { Key = "data", IsCondition = true };

        Assert.Single(grouping.Raise(Disk(Start), Start));
        Assert.Empty(grouping.Raise(Disk(Start.AddMinutes(1)), Start.AddMinutes(1)));
        Assert.Empty(grouping.Raise(Disk(Start.AddHours(2)), Start.AddHours(2)));
        Assert.Empty(grouping.Due(Start.AddHours(2)));

        var back = new AlertRecovery(AlertEventKinds.DiskFull, "data", "Resolved: disk 70% full", "ok", "/server", Start.AddHours(3));
        Assert.Equal(AlertMessageType.Resolved, Assert.Single(grouping.Resolve(back, Start.AddHours(3))).Type);
        Assert.Single(grouping.Raise(Disk(Start.AddHours(4)), Start.AddHours(4)));
    }
}
