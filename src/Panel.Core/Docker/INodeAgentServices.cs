namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The panel's own helper services on every node of the swarm (decision 065): a global service or a global job with the
/// node's Docker socket, their output read back through the manager's service logs, and where the panel's tasks run.
/// </summary>
public interface INodeAgentServices
{
    /// <summary>True when a service of this name exists.</summary>
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the service (global, or a global job that runs once per node).</summary>
    Task CreateAsync(NodeAgentSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes the service; nothing happens when it does not exist.</summary>
    Task RemoveAsync(string name, CancellationToken cancellationToken);

    /// <summary>The tasks of the service: their node, state (<c>complete</c>, <c>failed</c>, <c>running</c>...) and Docker's message.</summary>
    Task<IReadOnlyList<NodeAgentTask>> ListTasksAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the service's output (standard output only), each line with the node and task it came from; with
    /// <paramref name="follow"/> it waits for new lines until cancelled or the stream ends.
    /// </summary>
    Task ReadLogsAsync(string name, bool follow, Action<NodeAgentLine> onLine, CancellationToken cancellationToken);

    /// <summary>The containers of the panel's running tasks, on whichever node, with the panel service they belong to.</summary>
    Task<IReadOnlyList<TaskContainer>> ListTaskContainersAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A helper service: its image and command, the node's Docker socket mounted (read-only when <paramref name="ReadOnlySocket"/>
/// is set, which does not restrict the API but keeps the file itself untouched), resource limits, labels, constraints.
/// <paramref name="Job"/> makes it a global job (once per node, then done) instead of a global service.
/// </summary>
public sealed record NodeAgentSpec(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    bool Job,
    IReadOnlyDictionary<string, string> Labels,
    long MemoryBytes,
    double Cpus,
    IReadOnlyList<string> Constraints,
    bool ReadOnlySocket = true);

/// <summary>A task of a helper service: the node it runs on and its state.</summary>
public sealed record NodeAgentTask(string TaskId, string? NodeId, string State, string? Message);

/// <summary>One line of a helper service's output, with the node and task that wrote it (null when the engine did not say).</summary>
public sealed record NodeAgentLine(string? NodeId, string? TaskId, string Text);

/// <summary>The container of a running task of a panel service: which node it is on and which panel service it is.</summary>
public sealed record TaskContainer(string ContainerId, string? NodeId, Guid ServiceId);
