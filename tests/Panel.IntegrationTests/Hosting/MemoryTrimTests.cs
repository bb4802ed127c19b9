using DropIt.Panel.Web.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>
/// The memory trim (decision 070): a full, blocking, compacting collection at each interval, none before it, and none
/// when it is off. Not run beside other tests, whose own collections would blur the count.
/// </summary>
[Collection(nameof(MemoryTrimTests))]
[CollectionDefinition(nameof(MemoryTrimTests), DisableParallelization = true)]
public sealed class MemoryTrimTests
{
    [Fact]
    public async Task EachInterval_RunsAFullCollection()
    {
        var clock = new FakeTimeProvider();
        using var trim = new MemoryTrim(Options.Create(new MemoryTrimOptions { TrimSeconds = 60 }), clock);
        await trim.StartAsync(CancellationToken.None);
        try
        {
            var before = LastFullBlocking().Index;
            clock.Advance(TimeSpan.FromSeconds(59));
            await Task.Delay(200, TestContext.Current.CancellationToken);
            Assert.Equal(before, LastFullBlocking().Index);

            clock.Advance(TimeSpan.FromSeconds(1));
            await WaitForAsync(() => LastFullBlocking().Index > before);
            var first = LastFullBlocking();
            Assert.True(first.Compacted);

            clock.Advance(TimeSpan.FromSeconds(60));
            await WaitForAsync(() => LastFullBlocking().Index > first.Index);
        }
        finally
        {
            await trim.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TrimOff_EndsAtOnceAndCollectsNothing()
    {
        var clock = new FakeTimeProvider();
        using var trim = new MemoryTrim(Options.Create(new MemoryTrimOptions { TrimSeconds = 0 }), clock);
        await trim.StartAsync(CancellationToken.None);

        Assert.NotNull(trim.ExecuteTask);
        await trim.ExecuteTask.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(trim.ExecuteTask.IsCompletedSuccessfully);
    }

    private static GCMemoryInfo LastFullBlocking() => GC.GetGCMemoryInfo(GCKind.FullBlocking);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "No full collection ran after the interval.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
