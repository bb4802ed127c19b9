using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// The swarm as the Servers page and the API show it: its nodes with the panel's services on each, the tasks no
/// server took (with Swarm's reason), or why the engine could not be read.
/// </summary>
public sealed record ClusterView(IReadOnlyList<ServerView> Servers, IReadOnlyList<WaitingTask> Waiting, string? Error, DateTimeOffset ReadAt)
{
    /// <summary>What changed for a viewer (not when it was read): a new view is published only when this differs.</summary>
    public string Fingerprint() => string.Join('|', Servers.Select(s => s.Fingerprint())) + "#" + string.Join('|',
        Waiting.Select(w => $"{w.ServiceId}:{w.Message}")) + "#" + Error;
}

/// <summary>
/// One node: its facts, whether the panel's engine is this node, the panel's services whose tasks it runs, and the
/// services pinned to it because it holds their volume.
/// </summary>
public sealed record ServerView(SwarmNode Node, bool RunsPanel, IReadOnlyList<ServerService> Services, IReadOnlyList<ServiceRef> Pinned)
{
    public int RunningTasks => Services.Sum(s => s.Running);

    internal string Fingerprint() =>
        $"{Node.Id}/{Node.Role}/{Node.State}/{Node.Availability}/{Node.Manager?.Leader}/{Node.Manager?.Reachability}/"
        + string.Join(',', Node.Labels.Select(l => $"{l.Key}={l.Value}")) + "/"
        + string.Join(',', Services.Select(s => $"{s.Service.Id}:{s.Running}:{s.Starting}")) + "/"
        + string.Join(',', Pinned.Select(p => p.Id));
}

/// <summary>A panel service on a node: how many of its tasks run there, and how many are on their way (preparing, starting).</summary>
public sealed record ServerService(ServiceRef Service, int Running, int Starting);

/// <summary>A panel service by name, as pages link to it.</summary>
public sealed record ServiceRef(Guid Id, string Project, string Name, ServiceKind Kind)
{
    public string FullName => $"{Project}/{Name}";
}

/// <summary>Tasks of a service that no server runs yet, with Swarm's reason (e.g. no suitable node).</summary>
public sealed record WaitingTask(Guid ServiceId, string ServiceName, int Count, string? Message);
