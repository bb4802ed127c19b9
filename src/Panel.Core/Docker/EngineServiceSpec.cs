using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Docker;

/// <summary>What the panel asks Docker to run for one deployment.</summary>
public sealed record EngineServiceSpec(
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Environment,
    int Replicas,
    long? MemoryLimitBytes,
    double? CpuLimit,
    RestartPolicy RestartPolicy,
    IReadOnlyList<VolumeMount> Volumes)
{
    /// <summary>How a change replaces the running task: start-first (zero downtime) or stop-first (state is never doubled).</summary>
    public UpdateOrder UpdateOrder { get; init; } = UpdateOrder.StartFirst;

    /// <summary>How long a stopping container may take before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Replaces the image's entrypoint when set.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Arguments after the entrypoint (the image's CMD when null).</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Swarm secrets and configs mounted as files.</summary>
    public IReadOnlyList<FileMount> Files { get; init; } = [];

    /// <summary>A health check of the panel's own; null keeps the image's.</summary>
    public EngineHealthCheck? HealthCheck { get; init; }

    /// <summary>
    /// Set where the panel checks health itself (decision 055): the image's own HEALTHCHECK then runs at once after the
    /// container starts rather than after its first interval, so its first pass, which puts the replica in the service's
    /// DNS, follows the application's start. The value is the start period, in which failures do not count.
    /// </summary>
    public TimeSpan? ImageHealthCheckStartPeriod { get; init; }

    /// <summary>Placement constraints (<c>node.id==...</c>, <c>node.labels.region==eu</c>), decision 058.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];

    /// <summary>Node labels the replicas are spread over evenly (<c>node.labels.zone</c>), in order of importance.</summary>
    public IReadOnlyList<string> Spreads { get; init; } = [];

    /// <summary>Ports published on the host of the task (mode host: no routing mesh).</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    /// <summary>Further networks (Docker's names) the service joins besides its project's, without an alias: a compose stack's (decision 044).</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>The service's short name on its project network (e.g. "db"), besides the Docker service's own name.</summary>
    public string? NetworkAlias { get; init; }

    /// <summary>
    /// The admin opted the service out of the hardening (decision 030): its containers keep NET_RAW and may gain
    /// privileges (setuid programs such as ping or sudo).
    /// </summary>
    public bool RelaxedSecurity { get; init; }

    /// <summary>
    /// The login every node pulls <see cref="Image"/> with (decision 063): sent as X-Registry-Auth when the service is
    /// created or updated, kept by Swarm for its tasks, never part of the spec that <c>docker service inspect</c> shows.
    /// </summary>
    public RegistryLogin? RegistryAuth { get; init; }

    /// <summary>The project the service belongs to (its <see cref="EngineLabels.Project"/> label); its network is the project's.</summary>
    public Guid? ProjectId =>
        Labels.TryGetValue(EngineLabels.Project, out var value) && Guid.TryParse(value, out var id) ? id : null;
}

public enum UpdateOrder
{
    StartFirst,
    StopFirst,
}

/// <summary>A Swarm secret (or config) mounted as a file, read-only.</summary>
public sealed record FileMount(string Name, string Path, bool IsSecret, uint Mode = 292)
{
    /// <summary>The secret's or config's id, which Docker needs besides its name.</summary>
    public string? Id { get; init; }
}

/// <summary>A health check run inside the container (<c>CMD-SHELL</c>).</summary>
public sealed record EngineHealthCheck(string ShellCommand, TimeSpan Interval, TimeSpan Timeout, int Retries, TimeSpan StartPeriod);

public sealed record PublishedPort(int HostPort, int ContainerPort);

/// <summary>One task (replica) of a Docker service as the panel sees it.</summary>
public sealed record Replica(
    string TaskId,
    int Slot,
    string State,
    string DesiredState,
    string? ContainerId,
    string? NetworkAddress,
    string? Message,
    string? Error,
    long? ExitCode)
{
    /// <summary>The swarm node the task was given to.</summary>
    public string? NodeId { get; init; }

    /// <summary>The network <see cref="NetworkAddress"/> is on: the project's, or the proxy network for a service not moved yet.</summary>
    public string? NetworkName { get; init; }

    /// <summary>The task runs on another node than the panel's engine: its container cannot be inspected there (decision 064).</summary>
    public bool OnOtherNode { get; init; }

    /// <summary>The hostname of <see cref="NodeId"/>, when known.</summary>
    public string? NodeName { get; init; }
}

/// <summary>A Docker service the panel created, found by its labels.</summary>
public sealed record EngineService(string Id, string Name, Guid? ServiceId, Guid? DeploymentId, int Replicas);

/// <summary>Labels on every Docker object the panel creates.</summary>
public static class EngineLabels
{
    public const string Managed = "dropit.managed";
    public const string Service = "dropit.service";
    public const string Deployment = "dropit.deployment";
    public const string Project = "dropit.project";
}

/// <summary>
/// A service's spec version and the state of its last update: null (never updated), updating, paused, completed,
/// rollback_started, rollback_paused or rollback_completed, with Docker's message.
/// </summary>
public sealed record ServiceRollout(ulong Version, string? State, string? Message);
