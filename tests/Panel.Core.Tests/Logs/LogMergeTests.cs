using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class LogMergeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static async IAsyncEnumerable<LogLine> Replica(string name, params int[] seconds)
    {
        foreach (var second in seconds)
        {
            await Task.Yield();
            yield return new LogLine(Start.AddSeconds(second), name, LogStream.Stdout, $"{name}@{second}");
        }
    }

    [Fact]
    public async Task MergeAsync_ReplicasInterleaved_ComeOutInTimeOrder()
    {
        var merged = new List<string>();
        await foreach (var line in LogMerge.MergeAsync([Replica("a", 1, 4, 5), Replica("b", 2, 3, 6), Replica("c")],
                           TestContext.Current.CancellationToken))
        {
            merged.Add(line.Text);
        }

        Assert.Equal(["a@1", "b@2", "b@3", "a@4", "a@5", "b@6"], merged);
    }

    [Fact]
    public async Task MergeAsync_SameTime_KeepsTheOrderOfTheSources()
    {
        var merged = new List<string>();
        await foreach (var line in LogMerge.MergeAsync([Replica("a", 1, 1), Replica("b", 1)], TestContext.Current.CancellationToken))
        {
            merged.Add(line.Text);
        }

        Assert.Equal(["a@1", "a@1", "b@1"], merged);
    }
}
