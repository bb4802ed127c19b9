using DropIt.Panel.Core.Docker;

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
    /// <summary>The CPU counters of <see cref="ContainerStatsSample.Cpu"/> and the memory and network figures.</summary>
    public static ContainerReading From(ContainerStatsSample stats) =>
        new(stats.Read, stats.Cpu.Total, stats.Cpu.System, stats.Cpu.OnlineCpus,
            MemoryUsedOf(stats.MemoryUsage, stats.MemoryStats), stats.MemoryLimit, stats.RxBytes, stats.TxBytes);

    /// <summary>The previous counters Docker sends along (<c>precpu_stats</c>); only the CPU figures are filled.</summary>
    public static ContainerReading Previous(ContainerStatsSample stats) =>
        new(stats.PreRead, stats.PreCpu.Total, stats.PreCpu.System, stats.PreCpu.OnlineCpus, 0, 0, 0, 0);

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
    public static ulong MemoryUsedOf(ulong usage, IReadOnlyDictionary<string, ulong> stats)
    {
        // cgroup v1 calls it total_inactive_file, cgroup v2 inactive_file.
        if ((stats.TryGetValue("total_inactive_file", out var cache) || stats.TryGetValue("inactive_file", out cache)) && cache < usage)
        {
            return usage - cache;
        }

        return usage;
    }
}
