using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class LogLineStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static LogLine Line(int n, string replica = "api.1", LogStream stream = LogStream.Stdout, string? text = null) =>
        new(Start.AddMilliseconds(n), replica, stream, text ?? $"line {n:0000000} GET /api/orders 200 12ms");

    [Fact]
    public void Indexer_GivesBackEveryLineAsAdded()
    {
        var store = new LogLineStore(100, 1 << 20);
        LogLine[] added =
        [
            Line(1),
            Line(2, "worker.2", LogStream.Stderr, "\u001b[31merror\u001b[0m: naïve café ☕ 日本語"),
            Line(3, "api.1", LogStream.Stdout, ""),
            Line(4, "api.1@1a2b3c4d", LogStream.Stderr),
        ];

        store.AddRange(added);

        Assert.Equal(added, store);
        Assert.Equal(added[1], store[1]);
        Assert.Equal(TimeSpan.Zero, store[0].Timestamp.Offset);
    }

    [Fact]
    public void Add_PastTheLineLimit_DropsTheOldestAndCountsThem()
    {
        var store = new LogLineStore(1_000, 1 << 30);

        store.AddRange(Enumerable.Range(0, 5_000).Select(n => Line(n)));

        Assert.Equal((1_000, 4_000L), (store.Count, store.Dropped));
        Assert.Equal(Line(4_000), store[0]);
        Assert.Equal(Line(4_999), store[^1]);
        Assert.Equal([Line(4_500), Line(4_501)], store.Skip(500).Take(2));
    }

    [Fact]
    public void Add_PastTheTextLimit_DropsWholeOldestBlocksAndKeepsTheNewest()
    {
        const long limit = 256 * 1024;
        var store = new LogLineStore(1_000_000, limit);

        store.AddRange(Enumerable.Range(0, 50_000).Select(n => Line(n)));

        Assert.InRange(store.TextBytes, limit - 128 * 1024, limit);
        Assert.Equal(50_000, store.Count + store.Dropped);
        Assert.Equal(Line(49_999), store[^1]);
        Assert.Equal(Line(50_000 - store.Count), store[0]);
    }

    [Fact]
    public void Add_ALineLongerThanABlock_IsKeptWhole()
    {
        var store = new LogLineStore(10, 1 << 20);
        var longText = new string('x', 200_000);

        store.Add(Line(1));
        store.Add(Line(2, text: longText));
        store.Add(Line(3));

        Assert.Equal([Line(1), Line(2, text: longText), Line(3)], store);
    }

    [Fact]
    public void Clear_EmptiesAndForgetsDrops()
    {
        var store = new LogLineStore(2, 1 << 20);
        store.AddRange(Enumerable.Range(0, 5).Select(n => Line(n)));

        store.Clear();
        store.Add(Line(9, "other.1"));

        Assert.Equal((1, 0L), (store.Count, store.Dropped));
        Assert.Equal(Line(9, "other.1"), store[0]);
    }
}
