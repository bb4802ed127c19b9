using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class LogRingTests
{
    [Fact]
    public void Add_PastCapacity_DropsTheOldestAndCountsThem()
    {
        var ring = new LogRing<int>(3);

        var dropped = Enumerable.Range(1, 5).Select(ring.Add).ToList();

        Assert.Equal([false, false, false, true, true], dropped);
        Assert.Equal([3, 4, 5], ring);
        Assert.Equal((3, 2L), (ring.Count, ring.Dropped));
        Assert.Equal(4, ring[1]);
    }

    [Fact]
    public void SkipTake_ReadsAWindowByIndex()
    {
        var ring = new LogRing<int>(2_000);
        ring.AddRange(Enumerable.Range(0, 2_500));

        Assert.Equal([1_500, 1_501, 1_502], ring.Skip(1_000).Take(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring[2_000]);
    }

    [Fact]
    public void Clear_EmptiesAndForgetsDrops()
    {
        var ring = new LogRing<string>(1);
        ring.Add("a");
        ring.Add("b");

        ring.Clear();

        Assert.Equal((0, 0L), (ring.Count, ring.Dropped));
        Assert.Empty(ring);
    }

    [Fact]
    public void RemoveOldest_ThenAdd_KeepsOrderThroughGrowthAndWrap()
    {
        var ring = new LogRing<int>(3_000);
        ring.AddRange(Enumerable.Range(0, 1_500));

        ring.RemoveOldest(1_000);
        ring.AddRange(Enumerable.Range(1_500, 2_500));

        Assert.Equal(Enumerable.Range(1_000, 3_000), ring);
        Assert.Equal(0L, ring.Dropped);
        ring.Add(4_000);
        Assert.Equal((3_000, 1L, 1_001), (ring.Count, ring.Dropped, ring[0]));
    }
}
