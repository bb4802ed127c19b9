using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Logs;

/// <summary>Following a service live: new lines within a second, one Docker stream per container whoever watches.</summary>
[Collection(Timing.Name)]
public sealed class LogHubTests(ChattyServiceFixture service) : IClassFixture<ChattyServiceFixture>
{
    [Fact]
    public async Task Subscribe_SeesEachNewLineWithinOneSecondOfItsWriting()
    {
        var received = new ConcurrentQueue<(LogLine Line, DateTimeOffset At)>();
        var subscribedAt = DateTimeOffset.UtcNow;
        using (service.Hub.Subscribe(service.ServiceId, line => received.Enqueue((line, DateTimeOffset.UtcNow))))
        {
            await WaitUntilAsync(() => received.Count >= 5, TimeSpan.FromSeconds(10));
        }

        var first = received.First();
        Assert.True(first.At - subscribedAt < TimeSpan.FromSeconds(1), $"The first line came {first.At - subscribedAt} after subscribing.");
        Assert.All(received, r => Assert.True(r.At - r.Line.Timestamp < TimeSpan.FromSeconds(1),
            $"\"{r.Line.Text}\" came {r.At - r.Line.Timestamp} after it was written."));
        var numbers = received.Select(r => ChattyServiceFixture.Number(r.Line)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.All(received, r => Assert.EndsWith(" \e[32mlive\e[0m", r.Line.Text));
    }

    [Fact]
    public async Task TwoSubscribers_ShareOneDockerStream_ThatEndsWhenTheLastLeaves()
    {
        var first = new ConcurrentQueue<LogLine>();
        var second = new ConcurrentQueue<LogLine>();
        await WaitUntilAsync(() => service.Hub.OpenStreams == 0, TimeSpan.FromSeconds(5));

        var one = service.Hub.Subscribe(service.ServiceId, first.Enqueue);
        var two = service.Hub.Subscribe(service.ServiceId, second.Enqueue);
        try
        {
            await WaitUntilAsync(() => !first.IsEmpty && !second.IsEmpty, TimeSpan.FromSeconds(10));
            Assert.Equal(1, service.Hub.OpenStreams);
            Assert.Equal((1, 1), await LogStreamsFromApiAsync());

            one.Dispose();
            var seen = second.Count;
            await WaitUntilAsync(() => second.Count > seen + 2, TimeSpan.FromSeconds(5));
            Assert.Equal(1, service.Hub.OpenStreams);
        }
        finally
        {
            one.Dispose();
            two.Dispose();
        }

        await WaitUntilAsync(() => service.Hub.OpenStreams == 0, TimeSpan.FromSeconds(3));
        Assert.Equal(0, service.Hub.WatchedServices);
        Assert.Equal((0, 0), await LogStreamsFromApiAsync());
    }

    [Fact]
    public async Task LastSubscriberLeaves_MemoryIsTrimmedOnce_UnlessOneCameBackInTime()
    {
        var lines = new ConcurrentQueue<LogLine>();
        var left = service.Hub.Subscribe(service.ServiceId, lines.Enqueue);
        await WaitUntilAsync(() => !lines.IsEmpty, TimeSpan.FromSeconds(10));

        // Left and back at once: whatever trim was due finds a subscriber and does nothing.
        left.Dispose();
        var back = service.Hub.Subscribe(service.ServiceId, lines.Enqueue);
        var trims = service.Hub.IdleTrims;
        service.Clock.Advance(LogHub.IdleTrimDelay * 2);
        Assert.Equal(trims, service.Hub.IdleTrims);

        // Gone for good: one trim, once the delay has passed.
        back.Dispose();
        service.Clock.Advance(LogHub.IdleTrimDelay);
        await WaitUntilAsync(() => service.Hub.IdleTrims == trims + 1, LogHub.IdleTrimDelay * 3);
        service.Clock.Advance(LogHub.IdleTrimDelay);
        Assert.Equal(trims + 1, service.Hub.IdleTrims);
    }

    // GET /api/server/stats: logStreams {open, watchedServices}.
    private async Task<(int Open, int Watched)> LogStreamsFromApiAsync()
    {
        var stats = await service.Panel.Api().GetFromJsonAsync<JsonElement>("/api/server/stats", TestContext.Current.CancellationToken);
        var streams = stats.GetProperty("logStreams");
        return (streams.GetProperty("open").GetInt32(), streams.GetProperty("watchedServices").GetInt32());
    }

    [Fact]
    public async Task Subscribe_ContainerOfANewDeploymentStarts_ItsLinesFollowFromTheFirst()
    {
        var received = new ConcurrentQueue<LogLine>();
        using var subscription = service.Hub.Subscribe(service.ServiceId, received.Enqueue);
        await WaitUntilAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(10));

        var deployment = Guid.NewGuid();
        var id = await service.StartContainerAsync(deployment, slot: 1, "echo hello from the new version; sleep 60");
        try
        {
            // The hub lists the service's containers every PollInterval of its clock.
            await WaitUntilAsync(() =>
            {
                service.Clock.Advance(LogHub.PollInterval);
                return received.Any(l => l.Text == "hello from the new version");
            }, TimeSpan.FromSeconds(8));
            Assert.Equal($"api.1@{deployment.ToString("N")[^8..]}", received.First(l => l.Text == "hello from the new version").Replica);
            Assert.Equal(2, service.Hub.OpenStreams);
        }
        finally
        {
            await service.RemoveContainerAsync(id);
        }

        await WaitUntilAsync(() => service.Hub.OpenStreams == 1, TimeSpan.FromSeconds(5));
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        Eventually.TrueAsync(condition, timeout, "the condition to hold");
}
