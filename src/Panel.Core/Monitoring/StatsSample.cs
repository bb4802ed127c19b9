namespace DropIt.Panel.Core.Monitoring;

/// <summary>One sample of a service: the sums over its running containers (replicas).</summary>
/// <param name="ServiceId">The panel's service (label <c>dropit.service</c>).</param>
/// <param name="At">When the round started.</param>
/// <param name="Containers">Its running containers.</param>
/// <param name="CpuPercent">CPU use since the previous round, in percent of one CPU (200 is two CPUs busy).</param>
/// <param name="MemoryUsedBytes">Memory in use, without the page cache that can be dropped.</param>
/// <param name="MemoryLimitBytes">The sum of the replicas' limits, at most the host's memory (a container without a limit may use it all).</param>
/// <param name="NetworkRxBytesPerSecond">Bytes received per second since the previous round.</param>
/// <param name="NetworkTxBytesPerSecond">Bytes sent per second since the previous round.</param>
/// <param name="Restarts">Container restarts, plus the Swarm tasks of the service that failed in the last 10 minutes.</param>
public sealed record ServiceStats(
    Guid ServiceId,
    DateTimeOffset At,
    int Containers,
    double CpuPercent,
    long MemoryUsedBytes,
    long MemoryLimitBytes,
    double NetworkRxBytesPerSecond,
    double NetworkTxBytesPerSecond,
    int Restarts);

/// <summary>One sample of the machine the Docker engine runs on (read from /proc).</summary>
public sealed record HostStats(DateTimeOffset At, double CpuPercent, long MemoryUsedBytes, long MemoryTotalBytes, int Processors);

/// <summary>What one round of the collector saw: the host (null where /proc is not readable) and every panel service with a running container.</summary>
public sealed record StatsSample(DateTimeOffset At, HostStats? Host, IReadOnlyList<ServiceStats> Services);

/// <summary>Counters of the sampling loop, to check that it runs once per period whatever the number of viewers.</summary>
public sealed record CollectorDiagnostics(long Rounds, int ContainersLastRound, int StatsCallsLastRound, long TotalStatsCalls);
