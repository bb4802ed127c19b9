using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Logs;

/// <summary>The containers of a service, found by their labels, each named after its replica.</summary>
public static class ServiceContainers
{
    /// <summary>The label Swarm gives each container: <c>&lt;docker service&gt;.&lt;slot&gt;.&lt;task id&gt;</c>.</summary>
    public const string TaskNameLabel = "com.docker.swarm.task.name";

    public static async Task<string?> FindServiceNameAsync(IPanelDbContext db, Guid serviceId, CancellationToken cancellationToken) =>
        await db.Services.AsNoTracking().Where(s => s.Id == serviceId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Oldest first; stopped ones too unless <paramref name="runningOnly"/>. In a swarm of several servers, the
    /// service's tasks on other nodes come too, named as the local ones and carrying their node (decision 064).
    /// </summary>
    public static async Task<IReadOnlyList<LogSource>> ListAsync(IEngineContainers engine, ITaskLogs tasks, Guid serviceId,
        string serviceName, bool runningOnly, CancellationToken cancellationToken)
    {
        var containers = await engine.ListAsync(new EngineContainerFilter(
            [$"{EngineLabels.Managed}=true", $"{EngineLabels.Service}={serviceId}"], runningOnly ? ["running"] : [], All: !runningOnly),
            cancellationToken);
        var local = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var remote = (await tasks.ListAsync(serviceId, runningOnly, cancellationToken)).Where(t => !local.Contains(t.ContainerId)).ToList();
        var deployments = containers.Select(c => Label(c.Labels, EngineLabels.Deployment))
            .Concat(remote.Select(t => Label(t.Labels, EngineLabels.Deployment))).Distinct().Count();
        return containers
            .Select(c => new LogSource(c.Id, ReplicaName(serviceName, c.Labels, c.Names, deployments > 1), c.State == "running", c.Created))
            .Concat(remote.Select(t => new LogSource(t.ContainerId, ReplicaName(serviceName, t.Labels, null, deployments > 1), t.Running, t.Created)
            {
                TaskId = t.TaskId,
                Node = t.NodeName,
                NodeId = t.NodeId,
                Unreadable = t.NodeUp ? null : $"its server {t.NodeName} is down: its logs are read again once it is back",
            }))
            .OrderBy(s => s.Created)
            .ToList();
    }

    /// <summary>
    /// "<c>api.1</c>": the service and the replica's slot (or the container's name outside Swarm), then the end of
    /// the deployment's id (as in the Docker service's name) when containers of several deployments are shown.
    /// </summary>
    public static string ReplicaName(string serviceName, IReadOnlyDictionary<string, string>? labels, IReadOnlyList<string>? containerNames,
        bool withDeployment)
    {
        var replica = Label(labels, TaskNameLabel) is { } task && task.Split('.') is { Length: >= 3 } parts && parts[^2].Length > 0
            ? parts[^2]
            : containerNames?.FirstOrDefault()?.TrimStart('/') ?? "?";
        var name = $"{StackServiceName(labels) ?? serviceName}.{replica}";
        return withDeployment && Guid.TryParse(Label(labels, EngineLabels.Deployment), out var deployment)
            ? $"{name}@{deployment.ToString("N")[^8..]}"
            : name;
    }

    /// <summary>For a container of a compose stack, its compose service ("api" of the Swarm service "shop_api").</summary>
    private static string? StackServiceName(IReadOnlyDictionary<string, string>? labels) =>
        Label(labels, "com.docker.stack.namespace") is { Length: > 0 } stack
        && Label(labels, "com.docker.swarm.service.name") is { } swarmName
        && swarmName.StartsWith(stack + "_", StringComparison.Ordinal)
            ? swarmName[(stack.Length + 1)..]
            : null;

    private static string? Label(IReadOnlyDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;
}
