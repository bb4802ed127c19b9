using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// One round of Docker calls for the whole panel: the list of its running containers, one one-shot stats read
/// per container, and the Swarm tasks that failed lately. CPU % and rates come from the previous round's counters.
/// With <paramref name="remote"/>, the replicas on the swarm's other nodes are added (decision 065).
/// </summary>
internal sealed class ContainerSampler(IEngineContainers engineContainers, IContainerStats engineStats, RemoteReplicaStats? remote = null)
{
    private const int Parallel = 8;
    private static readonly TimeSpan FailedTaskWindow = TimeSpan.FromMinutes(10);
    private Dictionary<string, ContainerReading> previous = [];

    public int ContainersLastRound { get; private set; }

    public int StatsCallsLastRound { get; private set; }

    public async Task<IReadOnlyList<ServiceStats>> SampleAsync(DateTimeOffset at, long? hostMemory, CancellationToken cancellationToken)
    {
        // Restarting containers (a restart policy after a crash) are listed too, for their restart count only.
        var containers = (await engineContainers.ListAsync(
                new EngineContainerFilter([$"{EngineLabels.Managed}=true"], ["running", "restarting"]), cancellationToken))
            .Select(c => (Container: c, ServiceId: ServiceOf(c.Labels)))
            .Where(c => c.ServiceId is not null)
            .ToList();

        using var gate = new SemaphoreSlim(Parallel);
        var reads = await Task.WhenAll(containers.Select(async c =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return (c.Container, ServiceId: c.ServiceId!.Value, Read: await ReadAsync(c.Container, cancellationToken));
            }
            finally
            {
                gate.Release();
            }
        }));
        var running = containers.Count(c => c.Container.State == "running");
        (ContainersLastRound, StatsCallsLastRound) = (running, running);

        var failed = await FailedTasksAsync(at, cancellationToken);
        var current = new Dictionary<string, ContainerReading>();
        var result = new List<ServiceStats>();
        foreach (var service in reads.GroupBy(r => r.ServiceId))
        {
            double cpu = 0, rx = 0, tx = 0;
            long used = 0, limit = 0;
            var (count, restarts) = (0, failed.GetValueOrDefault(service.Key));
            foreach (var (container, _, (reading, restartCount)) in service)
            {
                restarts += (int)restartCount;
                if (reading is not { } now)
                {
                    continue;
                }

                count++;
                current[container.Id] = now;
                if (previous.TryGetValue(container.Id, out var before))
                {
                    cpu += ContainerReading.CpuPercent(before, now);
                    var (r, t) = ContainerReading.NetworkRates(before, now);
                    (rx, tx) = (rx + r, tx + t);
                }

                used += (long)Math.Min(now.MemoryUsed, long.MaxValue);
                limit = SafeAdd(limit, (long)Math.Min(now.MemoryLimit, long.MaxValue));
            }

            if (hostMemory is > 0 && (limit <= 0 || limit > hostMemory))
            {
                limit = hostMemory.Value;
            }

            result.Add(new ServiceStats(service.Key, at, count, cpu, used, limit, rx, tx, restarts));
        }

        // Services whose every task failed lately have no container left, but their restarts still show.
        result.AddRange(failed.Where(f => result.All(r => r.ServiceId != f.Key))
            .Select(f => new ServiceStats(f.Key, at, 0, 0, 0, hostMemory ?? 0, 0, 0, f.Value)));
        previous = current;
        return remote is null ? result
            : RemoteReplicaStats.Merge(result, await RemoteAsync(at, containers.Select(c => c.Container.Id).ToHashSet(), cancellationToken));
    }

    /// <summary>The other nodes' replicas; none when the manager's tasks cannot be read this round.</summary>
    private async Task<IReadOnlyList<ServiceStats>> RemoteAsync(DateTimeOffset at, IReadOnlySet<string> local, CancellationToken cancellationToken)
    {
        try
        {
            return await remote!.SampleAsync(at, local, cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsRefusal(e))
        {
            return [];
        }
    }

    internal static Guid? ServiceOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(EngineLabels.Service, out var value) && Guid.TryParse(value, out var id) ? id : null;

    /// <summary>Stats of a running container (null otherwise, or when it is gone), and its restart count.</summary>
    private async Task<(ContainerReading? Reading, long RestartCount)> ReadAsync(EngineContainer container,
        CancellationToken cancellationToken)
    {
        try
        {
            // Swarm replaces a task's container instead of restarting it (its failed tasks are counted instead).
            long restarts = 0;
            if (!container.Labels.ContainsKey("com.docker.swarm.task.id"))
            {
                if (await engineContainers.InspectAsync(container.Id, cancellationToken) is not { } inspected)
                {
                    return (null, 0); // Gone between the list and the read.
                }

                restarts = inspected.RestartCount;
            }

            if (container.State != "running")
            {
                return (null, restarts);
            }

            var stats = await engineStats.ReadAsync(container.Id, cancellationToken);
            return (stats is null ? null : ContainerReading.From(stats), restarts);
        }
        catch (Exception e) when (EngineErrors.IsRefusal(e))
        {
            return (null, 0); // Gone between the list and the read.
        }
    }

    private async Task<Dictionary<Guid, int>> FailedTasksAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        IReadOnlyList<FailedTask> tasks;
        try
        {
            tasks = await engineStats.ListFailedTasksAsync(cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsRefusal(e))
        {
            return []; // Not a swarm manager: no tasks.
        }

        var since = at.UtcDateTime - FailedTaskWindow;
        return tasks
            .Where(t => t.Timestamp.ToUniversalTime() >= since)
            .Select(t => ServiceOf(t.Labels))
            .OfType<Guid>()
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static long SafeAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
