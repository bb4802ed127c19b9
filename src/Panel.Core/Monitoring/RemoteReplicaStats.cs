using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// The replicas on the swarm's other nodes, from the <see cref="NodeAgent"/>'s readings: each container is matched to its
/// task, and so to its panel service, through the manager's tasks API; a container the collector read on its own engine
/// is left out (decision 065). Network rates come from the previous round's counters of the same container.
/// </summary>
internal sealed class RemoteReplicaStats(NodeAgent agent)
{
    private Dictionary<string, (AgentReading Reading, DateTimeOffset At)> previous = [];

    public async Task<IReadOnlyList<ServiceStats>> SampleAsync(DateTimeOffset at, IReadOnlySet<string> localContainers,
        CancellationToken cancellationToken)
    {
        var readings = agent.Readings(at);
        if (readings.Count == 0)
        {
            previous = [];
            return [];
        }

        var tasks = await agent.TaskContainersAsync(cancellationToken);
        return Sum(at, readings, tasks, localContainers);
    }

    /// <summary>Sums the readings of each service's containers on other nodes.</summary>
    internal IReadOnlyList<ServiceStats> Sum(DateTimeOffset at, IReadOnlyList<AgentReading> readings, IReadOnlyList<TaskContainer> tasks,
        IReadOnlySet<string> localContainers)
    {
        var serviceOf = tasks.GroupBy(t => t.ContainerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ServiceId,
            StringComparer.Ordinal);
        var current = new Dictionary<string, (AgentReading, DateTimeOffset)>(StringComparer.Ordinal);
        var result = new List<ServiceStats>();
        foreach (var service in readings.Where(r => !localContainers.Contains(r.ContainerId) && serviceOf.ContainsKey(r.ContainerId))
                     .GroupBy(r => serviceOf[r.ContainerId]))
        {
            double cpu = 0, rx = 0, tx = 0;
            long used = 0, limit = 0;
            foreach (var reading in service)
            {
                current[reading.ContainerId] = (reading, at);
                cpu += reading.CpuPercent;
                used += reading.MemoryUsedBytes;
                limit = limit > long.MaxValue - reading.MemoryLimitBytes ? long.MaxValue : limit + reading.MemoryLimitBytes;
                if (previous.TryGetValue(reading.ContainerId, out var before) && (at - before.At).TotalSeconds is > 0 and var seconds)
                {
                    rx += Math.Max(0, reading.RxBytes - before.Reading.RxBytes) / seconds;
                    tx += Math.Max(0, reading.TxBytes - before.Reading.TxBytes) / seconds;
                }
            }

            result.Add(new ServiceStats(service.Key, at, service.Count(), cpu, used, limit, rx, tx, 0));
        }

        previous = current;
        return result;
    }

    /// <summary>The local sums with the other nodes' added: containers, CPU, memory and its limit, network rates.</summary>
    public static IReadOnlyList<ServiceStats> Merge(IReadOnlyList<ServiceStats> local, IReadOnlyList<ServiceStats> remote)
    {
        if (remote.Count == 0)
        {
            return local;
        }

        var byService = remote.ToDictionary(r => r.ServiceId);
        var merged = local.Select(l => byService.Remove(l.ServiceId, out var r)
            ? l with
            {
                Containers = l.Containers + r.Containers,
                CpuPercent = l.CpuPercent + r.CpuPercent,
                MemoryUsedBytes = l.MemoryUsedBytes + r.MemoryUsedBytes,
                MemoryLimitBytes = l.Containers == 0 ? r.MemoryLimitBytes : l.MemoryLimitBytes + r.MemoryLimitBytes,
                NetworkRxBytesPerSecond = l.NetworkRxBytesPerSecond + r.NetworkRxBytesPerSecond,
                NetworkTxBytesPerSecond = l.NetworkTxBytesPerSecond + r.NetworkTxBytesPerSecond,
            }
            : l).ToList();
        merged.AddRange(byService.Values);
        return merged;
    }
}
