using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class HostReadingsTests
{
    private const string ProcStat = """
        cpu  1516863 4110 430203 1935748 12924 0 6542 3434 0 0
        cpu0 752391 2180 202704 990087 4784 0 521 1712 0 0
        cpu1 764472 1930 227499 945661 8140 0 6021 1722 0 0
        intr 123456 0 0
        ctxt 987654
        """;

    [Fact]
    public void Parse_ProcStat_IdleIsIdlePlusIowaitAndTotalIsTheFirstEightFields()
    {
        var times = CpuTimes.Parse(ProcStat);

        Assert.Equal(new CpuTimes(1935748UL + 12924UL, 1516863UL + 4110 + 430203 + 1935748 + 12924 + 0 + 6542 + 3434), times);
    }

    [Fact]
    public void BusyPercent_BetweenTwoReadings_IsTheNonIdleShare()
    {
        var before = new CpuTimes(Idle: 1_000, Total: 2_000);
        var after = new CpuTimes(Idle: 1_300, Total: 2_400); // 400 ticks, 300 idle.

        Assert.Equal(25, CpuTimes.BusyPercent(before, after), precision: 6);
    }

    [Fact]
    public void Parse_NoCpuLine_IsNull() => Assert.Null(CpuTimes.Parse("intr 1 2 3\n"));

    [Fact]
    public void Parse_Meminfo_UsedIsTotalMinusAvailable()
    {
        var memory = HostMemory.Parse("MemTotal:       24684096 kB\nMemFree:        18353852 kB\nMemAvailable:   22497920 kB\nBuffers: 303144 kB\n");

        Assert.Equal(24684096L * 1024, memory!.Value.TotalBytes);
        Assert.Equal((24684096L - 22497920L) * 1024, memory.Value.UsedBytes);
    }

    [Fact]
    public void Parse_MeminfoWithoutMemAvailable_CountsFreeBuffersAndCache()
    {
        var memory = HostMemory.Parse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");

        Assert.Equal(600L * 1024, memory!.Value.UsedBytes);
    }
}
