using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Common;

public sealed class NotifierTests
{
    [Fact]
    public void Publish_HandlerThatWentAway_OthersStillGetTheValue()
    {
        var notifier = new Notifier<int>();
        var seen = new List<int>();
        using var gone = notifier.Subscribe(_ => throw new ObjectDisposedException("page"));
        using var live = notifier.Subscribe(seen.Add);

        notifier.Publish(7);

        Assert.Equal([7], seen);
    }

    [Fact]
    public void Publish_FailingHandlerWithAFailureCallback_IsReportedAndTheOthersGo()
    {
        var failures = new List<Exception>();
        var notifier = new Notifier<int>(failures.Add);
        var seen = new List<int>();
        using var failing = notifier.Subscribe(_ => throw new FormatException("bad line"));
        using var live = notifier.Subscribe(seen.Add);

        notifier.Publish(1);

        Assert.Equal([1], seen);
        Assert.IsType<FormatException>(Assert.Single(failures));
    }

    [Fact]
    public void Dispose_Subscription_StopsItAndCountsDown()
    {
        var notifier = new Notifier<string>();
        var seen = new List<string>();
        var subscription = notifier.Subscribe(seen.Add);
        using var other = notifier.Subscribe(_ => { });

        notifier.Publish("a");
        subscription.Dispose();
        subscription.Dispose();
        notifier.Publish("b");

        Assert.Equal(["a"], seen);
        Assert.Equal(1, notifier.Count);
    }

    [Fact]
    public void Prepare_ValueTakenBeforeASubscription_DoesNotReachIt()
    {
        var notifier = new Notifier<int>();
        var seen = new List<int>();
        var deliver = notifier.Prepare(5);
        using var late = notifier.Subscribe(seen.Add);

        deliver();
        notifier.Publish(6);

        Assert.Equal([6], seen);
    }

    [Fact]
    public async Task TrySubscribe_WhileLinesArrive_GetsEveryLineOnceInOrder()
    {
        var logs = new DeploymentLiveLogs();
        var id = Guid.NewGuid();
        logs.Start(id);
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                logs.Append(id, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }, TestContext.Current.CancellationToken);
        var delivered = new List<string>();
        await Task.Delay(1, TestContext.Current.CancellationToken);

        Assert.True(logs.TrySubscribe(id, line => { lock (delivered) { delivered.Add(line); } }, out var soFar, out var subscription));
        await writer;
        subscription.Dispose();
        logs.End(id);

        var all = soFar.Concat(delivered).Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(all[0], all.Count), all);
        Assert.Equal(19_999, all[^1]);
        Assert.False(logs.TrySubscribe(id, _ => { }, out _, out _));
    }
}
