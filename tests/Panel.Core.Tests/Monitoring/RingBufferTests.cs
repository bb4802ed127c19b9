using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class RingBufferTests
{
    [Fact]
    public void Add_MoreThanAnHourOfSamples_KeepsOnlyTheLastHourOldestFirst()
    {
        var capacity = new MonitoringOptions().HistoryCapacity;
        var ring = new RingBuffer<int>(capacity);

        for (var i = 0; i < 2_000; i++)
        {
            ring.Add(i);
        }

        Assert.Equal(720, capacity); // 60 minutes at one sample every 5 s.
        Assert.Equal(720, ring.Count);
        Assert.Equal(Enumerable.Range(2_000 - 720, 720), ring.ToArray());
        Assert.Equal(1_999, ring.Last);
    }

    [Fact]
    public void ToArray_FewerThanCapacity_ReturnsThemInOrder()
    {
        var ring = new RingBuffer<string>(4);
        ring.Add("a");
        ring.Add("b");

        Assert.Equal(["a", "b"], ring.ToArray());
        Assert.Equal("b", ring.Last);
    }

    [Fact]
    public void HistoryCapacity_OneSecondSamples_IsAnHourOfThem() =>
        Assert.Equal(3_600, new MonitoringOptions { SampleSeconds = 1 }.HistoryCapacity);
}
