namespace DropIt.Panel.Core.Docker;

/// <summary>The swarm's nodes (the servers), the panel's tasks on them, and the tokens that join new ones.</summary>
public interface INodeOperations
{
    /// <summary>Every node of the swarm, managers first; empty when this engine is not a swarm manager.</summary>
    Task<IReadOnlyList<SwarmNode>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One node, or null when the swarm has no node with this id.</summary>
    Task<SwarmNode?> FindAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>The id of the node the panel's engine is (the one it runs on), or null outside a swarm.</summary>
    Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken);

    /// <summary>The tasks of the panel's services that should run (desired state running), on whichever node.</summary>
    Task<IReadOnlyList<NodeTask>> ListPanelTasksAsync(CancellationToken cancellationToken);

    /// <summary>Changes a node's availability, role or labels (what <paramref name="change"/> sets), on its latest version.</summary>
    Task UpdateAsync(string nodeId, NodeChange change, CancellationToken cancellationToken);

    /// <summary>Removes a node from the swarm; Docker refuses a node that is still up unless <paramref name="force"/>.</summary>
    Task RemoveAsync(string nodeId, bool force, CancellationToken cancellationToken);

    /// <summary>The swarm's join tokens (secrets) and the addresses of its reachable managers.</summary>
    Task<SwarmJoinTokens> JoinTokensAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChanged"/> with a node's id whenever the engine reports a change of a node (state,
    /// availability, role, labels), until cancelled or the stream breaks (it throws then).
    /// </summary>
    Task FollowNodeEventsAsync(Action<string> onChanged, CancellationToken cancellationToken);
}

/// <summary>
/// A swarm node as the engine reports it: role (<c>manager</c>, <c>worker</c>), state (<c>ready</c>, <c>down</c>,
/// <c>unknown</c>, <c>disconnected</c>), availability (<c>active</c>, <c>pause</c>, <c>drain</c>), its engine, CPU and
/// memory, labels, and for a manager its status in the Raft group.
/// </summary>
public sealed record SwarmNode(
    string Id,
    string Hostname,
    string Role,
    string State,
    string? StateMessage,
    string Availability,
    string? Address,
    string? EngineVersion,
    string? Os,
    string? Architecture,
    long NanoCpus,
    long MemoryBytes,
    IReadOnlyDictionary<string, string> Labels,
    ManagerState? Manager)
{
    public bool IsManager => Role == NodeRoles.Manager;

    public bool IsUp => State == "ready";
}

/// <summary>A manager's place in the Raft group: leader or not, and whether the others reach it.</summary>
public sealed record ManagerState(bool Leader, string Reachability, string? Address);

/// <summary>One task of a panel service: where it runs, in which state, and which panel service it belongs to.</summary>
public sealed record NodeTask(string TaskId, string? NodeId, string DockerServiceId, Guid? ServiceId, string State, string DesiredState,
    long? Slot, string? Message);

/// <summary>What to change on a node; null leaves that part as it is. <see cref="Labels"/> replaces every label.</summary>
public sealed record NodeChange(string? Availability = null, string? Role = null, IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>The tokens that join a worker or a manager (secrets), and where the managers listen (host:port).</summary>
public sealed record SwarmJoinTokens(string Worker, string Manager, IReadOnlyList<string> ManagerAddresses);

public static class NodeRoles
{
    public const string Manager = "manager";
    public const string Worker = "worker";
}

public static class NodeAvailability
{
    public const string Active = "active";
    public const string Pause = "pause";
    public const string Drain = "drain";
}
