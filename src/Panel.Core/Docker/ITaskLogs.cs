namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The logs of a service's tasks on the other nodes of the swarm: their containers are not on the panel's engine, so
/// the manager reads them from the node (Swarm's task logs, decision 064).
/// </summary>
public interface ITaskLogs
{
    /// <summary>
    /// The panel service's tasks that have a container on another node than the panel's engine, oldest first; only
    /// the running ones when <paramref name="runningOnly"/>. Empty outside a swarm or when the engine is not a manager.
    /// </summary>
    Task<IReadOnlyList<RemoteTask>> ListAsync(Guid serviceId, bool runningOnly, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the task's log through the manager, with Docker's timestamps (<see cref="ContainerLogRequest.Until"/> is
    /// not Docker's to apply here: the caller stops there). Throws <see cref="ContainerNotFoundException"/> when the
    /// task is gone.
    /// </summary>
    Task<IContainerOutput> OpenAsync(string taskId, ContainerLogRequest request, CancellationToken cancellationToken);

    /// <summary>Whether Swarm reports the node up (<c>ready</c>); false for a node it no longer has.</summary>
    Task<bool> NodeUpAsync(string nodeId, CancellationToken cancellationToken);
}

/// <summary>
/// A task of a panel service on another node: its container, the node (its hostname, and whether Swarm sees it up),
/// and the labels its container carries, with Swarm's task name as on a local container.
/// </summary>
public sealed record RemoteTask(
    string TaskId,
    string ContainerId,
    string NodeId,
    string NodeName,
    bool NodeUp,
    IReadOnlyDictionary<string, string> Labels,
    bool Running,
    DateTimeOffset Created);
