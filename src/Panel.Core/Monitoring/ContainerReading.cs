using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// The cumulative counters of one container at one moment (from Docker's stats), from which the collector
/// computes CPU % and network rates between two moments, as <c>docker stats</c> does.
/// </summary>
public readonly record struct ContainerReading(
    DateTime Read,
    ulong CpuTotal,
    ulong SystemCpu,
    uint OnlineCpus,
    ulong MemoryUsed,
    ulong MemoryLimit,
    ulong RxBytes,
    ulong TxBytes)
{
    /// <summary>The counters of <see cref="ContainerStatsResponse.CPUStats"/> and the memory and network figures.</summary>
    public static ContainerReading From(ContainerStatsResponse stats) =>
        new(stats.Read, stats.CPUStats?.CPUUsage?.TotalUsage ?? 0, stats.CPUStats?.SystemUsage ?? 0, CpusOf(stats.CPUStats),
            MemoryUsedOf(stats.MemoryStats), stats.MemoryStats?.Limit ?? 0, Sum(stats, n => n.RxBytes), Sum(stats, n => n.TxBytes));

    /// <summary>The previous counters Docker sends along (<c>precpu_stats</c>); only the CPU figures are filled.</summary>
    public static ContainerReading Previous(ContainerStatsResponse stats) =>
        new(stats.PreRead, stats.PreCPUStats?.CPUUsage?.TotalUsage ?? 0, stats.PreCPUStats?.SystemUsage ?? 0,
            CpusOf(stats.PreCPUStats), 0, 0, 0, 0);

    /// <summary>
    /// CPU use between two readings, in percent of one CPU (200 % is two CPUs busy): the container's CPU time
    /// over the host's, times the number of CPUs. 0 when a counter went backwards (restarted container).
    /// </summary>
    public static double CpuPercent(ContainerReading previous, ContainerReading current)
    {
        if (current.CpuTotal < previous.CpuTotal || current.SystemCpu <= previous.SystemCpu || previous.SystemCpu == 0)
        {
            return 0;
        }

        var cpu = (double)(current.CpuTotal - previous.CpuTotal);
        var system = (double)(current.SystemCpu - previous.SystemCpu);
        var cpus = current.OnlineCpus == 0 ? Environment.ProcessorCount : (int)current.OnlineCpus;
        return cpu / system * cpus * 100.0;
    }

    /// <summary>Received and sent bytes per second between two readings (0 when a counter restarted).</summary>
    public static (double Rx, double Tx) NetworkRates(ContainerReading previous, ContainerReading current)
    {
        var seconds = (current.Read - previous.Read).TotalSeconds;
        if (seconds <= 0)
        {
            return (0, 0);
        }

        static double Rate(ulong before, ulong after, double seconds) => after < before ? 0 : (after - before) / seconds;
        return (Rate(previous.RxBytes, current.RxBytes, seconds), Rate(previous.TxBytes, current.TxBytes, seconds));
    }

    /// <summary>Usage minus the page cache that can be dropped (inactive files), as <c>docker stats</c> shows it.</summary>
    public static ulong MemoryUsedOf(MemoryStats? memory)
    {
        if (memory is null)
        {
            return 0;
        }

        var stats = memory.Stats;
        // cgroup v1 calls it total_inactive_file, cgroup v2 inactive_file.
        if (stats is not null && (stats.TryGetValue("total_inactive_file", out var cache) || stats.TryGetValue("inactive_file", out cache))
            && cache < memory.Usage)
        {
            return memory.Usage - cache;
        }

        return memory.Usage;
    }

    private static uint CpusOf(CPUStats? cpu) =>
        cpu is null ? 0 : cpu.OnlineCPUs != 0 ? cpu.OnlineCPUs : (uint)(cpu.CPUUsage?.PercpuUsage?.Count ?? 0);

    private static ulong Sum(ContainerStatsResponse stats, Func<NetworkStats, ulong> value)
    {
        ulong total = 0;
        foreach (var network in stats.Networks?.Values ?? [])
        {
            total += value(network);
        }

        return total;
    }
}
