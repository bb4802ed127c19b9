namespace DropIt.Panel.Core.Docker;

/// <summary>The Docker Swarm services, tasks and network the panel runs applications on.</summary>
public interface ISwarmOperations
{
    /// <summary>Initialises a single-node swarm if needed and creates the proxy network.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Creates the service on its project's network (created when missing), hardened unless it opted out.</summary>
    Task CreateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken);

    /// <summary>Gives an existing service a new spec and a new task (even when the spec is the same), rolled out in the spec's update order.</summary>
    Task UpdateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken);

    /// <summary>Puts the service's previous spec back (what <c>docker service rollback</c> does); false when it has none.</summary>
    Task<bool> RollbackAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>The state of a service's last rollout, or null when the service does not exist.</summary>
    Task<ServiceRollout?> InspectRolloutAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>The image, environment, networks and files a service's tasks run with now; null when the service does not exist.</summary>
    Task<LiveTaskSpec?> InspectTaskSpecAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>The current tasks of a service (running or not), newest first per slot.</summary>
    Task<IReadOnlyList<Replica>> ListReplicasAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>Removes the service; nothing happens when it does not exist.</summary>
    Task RemoveServiceAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until no container of the service is left (they stop after their grace period); throws
    /// <see cref="EngineException"/> when some are still there after <paramref name="timeout"/>.
    /// </summary>
    Task WaitContainersGoneAsync(string serviceName, TimeSpan timeout, CancellationToken cancellationToken);

    Task ScaleAsync(string serviceName, int replicas, CancellationToken cancellationToken);

    /// <summary>Replaces every task, one at a time, in the service's update order (stop-first for a service that keeps data).</summary>
    Task RestartAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>Every service carrying the panel's labels.</summary>
    Task<IReadOnlyList<EngineService>> ListPanelServicesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The address the panel can reach a replica at (on another node, its address on a network the panel shares), or
    /// null while it has none. Throws <see cref="ReplicaUnreachableException"/> when no route from where the panel runs
    /// reaches it.
    /// </summary>
    Task<string?> ProbeAddressAsync(Replica replica, CancellationToken cancellationToken);

    /// <summary>What the engine enforces on the containers of services that did not opt out (NET_RAW dropped, no-new-privileges).</summary>
    Task<ServiceHardening> HardeningAsync(CancellationToken cancellationToken);

    /// <summary>Docker's health status of a replica's container (healthy, unhealthy, starting) or null without a HEALTHCHECK.</summary>
    Task<string?> ContainerHealthAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>The swarm node of the engine the panel talks to (the manager it runs on); null outside a swarm.</summary>
    Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken);
}
