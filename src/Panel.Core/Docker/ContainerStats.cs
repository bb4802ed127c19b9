using Docker.DotNet;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Container stats and Swarm tasks through the Engine API.</summary>
public sealed class ContainerStats(DockerEngine engine) : IContainerStats
{
    private IDockerClient Client => engine.Client;

    public async Task<ContainerStatsSample?> ReadAsync(string containerId, CancellationToken cancellationToken)
    {
        ContainerStatsResponse? stats = null;
        await Client.Containers.GetContainerStatsAsync(containerId, new ContainerStatsParameters { Stream = false, OneShot = true },
            new SyncProgress<ContainerStatsResponse>(s => stats = s), cancellationToken);
        return stats is null ? null : SampleOf(stats);
    }

    public async Task<IReadOnlyList<FailedTask>> ListFailedTasksAsync(CancellationToken cancellationToken)
    {
        var tasks = await Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["desired-state"] = new Dictionary<string, bool> { ["shutdown"] = true },
            },
        }, cancellationToken);
        return tasks
            .Where(t => t.Status?.State is TaskState.Failed or TaskState.Rejected)
            .Select(t => new FailedTask(t.Status!.Timestamp ?? default, t.Spec?.ContainerSpec?.Labels is { } labels
                ? new Dictionary<string, string>(labels)
                : new Dictionary<string, string>()))
            .ToList();
    }

    /// <summary>The counters of Docker's stats answer (<c>GET /containers/{id}/stats</c>).</summary>
    internal static ContainerStatsSample SampleOf(ContainerStatsResponse stats) =>
        new(stats.Read, stats.PreRead, CpuOf(stats.CPUStats), CpuOf(stats.PreCPUStats), stats.MemoryStats?.Usage ?? 0,
            stats.MemoryStats?.Limit ?? 0,
            stats.MemoryStats?.Stats is { } memory ? new Dictionary<string, ulong>(memory) : new Dictionary<string, ulong>(),
            Sum(stats, n => n.RxBytes), Sum(stats, n => n.TxBytes));

    private static CpuCounters CpuOf(CPUStats? cpu) => cpu is null
        ? default
        : new CpuCounters(cpu.CPUUsage?.TotalUsage ?? 0, cpu.SystemUsage ?? 0,
            cpu.OnlineCPUs is { } online and > 0 ? online : (uint)(cpu.CPUUsage?.PercpuUsage?.Count ?? 0));

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
