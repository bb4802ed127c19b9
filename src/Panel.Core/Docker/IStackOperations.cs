namespace DropIt.Panel.Core.Docker;

/// <summary>The state of one service of a stack, as Swarm reports it.</summary>
/// <param name="ComposeName">The service's key in the compose file ("api").</param>
/// <param name="EngineName">The Swarm service ("stack_api").</param>
/// <param name="Image">The image its spec runs.</param>
/// <param name="Desired">Replicas asked for.</param>
/// <param name="Running">Tasks running (healthy, for a service with a health check) on the current spec.</param>
/// <param name="UpdateState">Swarm's update state: updating, completed, paused, rollback_started, rollback_completed... or null.</param>
/// <param name="Message">Swarm's update message, or the last failed task's error.</param>
public sealed record StackServiceState(
    string ComposeName, string EngineName, string Image, int Desired, int Running, string? UpdateState, string? Message);

/// <summary>Swarm stacks (<c>docker stack deploy</c> semantics): one network per stack, volumes named after it and kept.</summary>
public interface IStackOperations
{
    /// <summary>
    /// Deploys the stack file (through the Docker CLI); <paramref name="environment"/> is what <c>${VAR}</c> reads. Prunes
    /// services no longer in the file when <paramref name="prune"/>; with <paramref name="registry"/>, every node pulls the
    /// stack's images with that login. Throws <see cref="EngineException"/> with the CLI's message when Docker refuses it.
    /// </summary>
    Task DeployAsync(string stackName, string stackFile, IReadOnlyDictionary<string, string> environment, bool prune,
        Action<string> onLine, CancellationToken cancellationToken, RegistryLogin? registry = null);

    /// <summary>The stack's services (empty when the stack does not exist).</summary>
    Task<IReadOnlyList<StackServiceState>> ListAsync(string stackName, CancellationToken cancellationToken);

    /// <summary>Puts a service's previous spec back (<c>docker service rollback</c>); false when it has none.</summary>
    Task<bool> RollbackServiceAsync(string engineName, CancellationToken cancellationToken);

    /// <summary>Replaces the service's tasks (<c>docker service update --force</c>) in its update order.</summary>
    Task RestartServiceAsync(string engineName, CancellationToken cancellationToken);

    /// <summary>Removes the stack's services, networks, secrets and configs; its volumes are never removed.</summary>
    Task RemoveAsync(string stackName, CancellationToken cancellationToken);
}
