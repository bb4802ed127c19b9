using Docker.DotNet.Models;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class ContainerReadingTests
{
    // Trimmed from GET /containers/{id}/stats?stream=false of a busybox container on cgroup v1, two CPUs.
    private const string CgroupV1Sample = """
        {
          "read": "2026-11-25T13:17:35.288503193Z",
          "preread": "2026-11-25T13:17:34.283324694Z",
          "cpu_stats": {
            "cpu_usage": { "total_usage": 67475419, "percpu_usage": [37131469, 30343950] },
            "system_cpu_usage": 39069790000000,
            "online_cpus": 2
          },
          "precpu_stats": {
            "cpu_usage": { "total_usage": 45971313, "percpu_usage": [36051664, 9919649] },
            "system_cpu_usage": 39067830000000,
            "online_cpus": 2
          },
          "memory_stats": {
            "usage": 5812224,
            "stats": { "cache": 2097152, "total_inactive_file": 1048576, "total_rss": 53248 },
            "limit": 25276514304
          },
          "networks": {
            "eth0": { "rx_bytes": 100, "tx_bytes": 50 },
            "eth1": { "rx_bytes": 1911, "tx_bytes": 1809 }
          }
        }
        """;

    private static ContainerStatsSample Parse(string json) => ContainerStats.SampleOf(System.Text.Json.JsonSerializer.Deserialize<ContainerStatsResponse>(json)!);

    [Fact]
    public void CpuPercent_DockerSample_IsContainerShareOfHostTimesCpus()
    {
        var stats = Parse(CgroupV1Sample);

        var percent = ContainerReading.CpuPercent(ContainerReading.Previous(stats), ContainerReading.From(stats));

        // (67475419 - 45971313) / (39069790000000 - 39067830000000) * 2 CPUs * 100, as docker stats shows it.
        Assert.Equal(2.1943, percent, precision: 3);
    }

    [Fact]
    public void From_CgroupV1Sample_MemoryExcludesInactiveFilesAndNetworksAreSummed()
    {
        var reading = ContainerReading.From(Parse(CgroupV1Sample));

        Assert.Equal(5812224UL - 1048576UL, reading.MemoryUsed);
        Assert.Equal(25276514304UL, reading.MemoryLimit);
        Assert.Equal((2011UL, 1859UL), (reading.RxBytes, reading.TxBytes));
        Assert.Equal(2U, reading.OnlineCpus);
    }

    [Fact]
    public void MemoryUsedOf_CgroupV2_SubtractsInactiveFile()
    {
        var memory = new Dictionary<string, ulong> { ["inactive_file"] = 4_000_000 };

        Assert.Equal(6_000_000UL, ContainerReading.MemoryUsedOf(10_000_000, memory));
    }

    [Fact]
    public void CpuPercent_CounterWentBackwards_IsZeroNotHuge()
    {
        var before = new ContainerReading(DateTime.UtcNow, 9_000_000, 2_000_000_000, 2, 0, 0, 0, 0);
        var restarted = before with { CpuTotal = 1_000, SystemCpu = 3_000_000_000 };

        Assert.Equal(0, ContainerReading.CpuPercent(before, restarted));
    }

    [Fact]
    public void NetworkRates_FiveSecondsApart_AreBytesPerSecond()
    {
        var at = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var before = new ContainerReading(at, 0, 0, 1, 0, 0, RxBytes: 1_000, TxBytes: 500);
        var after = before with { Read = at.AddSeconds(5), RxBytes = 11_000, TxBytes = 400 };

        var (rx, tx) = ContainerReading.NetworkRates(before, after);

        Assert.Equal(2_000, rx);
        Assert.Equal(0, tx); // The counter restarted: no negative rate.
    }
}
