namespace DropIt.Panel.Core.Docker;

/// <summary>Resource counters of containers, and the Swarm tasks that failed: what the panel's charts are made of.</summary>
public interface IContainerStats
{
    /// <summary>One read of the container's counters (Docker's one-shot stats), or null when the engine sent none.</summary>
    Task<ContainerStatsSample?> ReadAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// The Swarm tasks that are meant to be shut down and ended failed or rejected, with their containers' labels.
    /// Throws what the engine answers (an engine that is not a swarm manager refuses: see <see cref="EngineErrors.IsRefusal"/>).
    /// </summary>
    Task<IReadOnlyList<FailedTask>> ListFailedTasksAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The cumulative counters of one container at <paramref name="Read"/>, with the CPU counters Docker sends along from the
/// read before (<paramref name="PreRead"/>); memory as the cgroup reports it (<paramref name="MemoryStats"/>: cache, inactive files),
/// network bytes summed over the container's interfaces.
/// </summary>
public sealed record ContainerStatsSample(
    DateTime Read,
    DateTime PreRead,
    CpuCounters Cpu,
    CpuCounters PreCpu,
    ulong MemoryUsage,
    ulong MemoryLimit,
    IReadOnlyDictionary<string, ulong> MemoryStats,
    ulong RxBytes,
    ulong TxBytes);

/// <summary>The container's CPU time, the host's, and the number of CPUs (0 when unknown), all in Docker's units.</summary>
public readonly record struct CpuCounters(ulong Total, ulong System, uint OnlineCpus);

/// <summary>A failed or rejected Swarm task: when it ended, and the labels its container was given.</summary>
public sealed record FailedTask(DateTime Timestamp, IReadOnlyDictionary<string, string> Labels);
