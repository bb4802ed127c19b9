namespace DropIt.Panel.Core.Docker;

/// <summary>The engine's containers: listed by label, inspected, and the panel's own long-running ones created and signalled.</summary>
public interface IEngineContainers
{
    /// <summary>The containers that carry every label of the filter and are in one of its states (any state when none is given).</summary>
    Task<IReadOnlyList<EngineContainer>> ListAsync(EngineContainerFilter filter, CancellationToken cancellationToken);

    /// <summary>The state of a container (by name or id), or null when there is none.</summary>
    Task<EngineContainerState?> InspectAsync(string container, CancellationToken cancellationToken);

    /// <summary>Creates the container (its image must be on the host); it restarts unless stopped.</summary>
    Task CreateAsync(EngineContainerSpec spec, CancellationToken cancellationToken);

    Task StartAsync(string container, CancellationToken cancellationToken);

    /// <summary>Sends the signal (e.g. <c>HUP</c>) to the container's main process.</summary>
    Task SignalAsync(string container, string signal, CancellationToken cancellationToken);
}

/// <summary>
/// Which containers to list: every one carrying all of <paramref name="Labels"/> (<c>key=value</c> or <c>key</c>),
/// in one of <paramref name="States"/> (running, restarting, exited...). Without states, only running ones unless
/// <paramref name="All"/>.
/// </summary>
public sealed record EngineContainerFilter(IReadOnlyList<string> Labels, IReadOnlyList<string> States, bool All = false)
{
    /// <summary>The running containers of the engine, labelled or not.</summary>
    public static EngineContainerFilter Running { get; } = new([], []);
}

/// <summary>A container as the engine lists it: its state (running, exited...), status text ("Up 2 minutes (unhealthy)") and labels.</summary>
public sealed record EngineContainer(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string ImageId,
    string State,
    string Status,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A container's state: running or not, Docker's status word, the last exit code, its health (null without a HEALTHCHECK).</summary>
public sealed record EngineContainerState(bool Running, string? Status, long ExitCode, string? Health, long RestartCount);

/// <summary>
/// A long-running container of the panel: its name, image, command, labels, bind mounts (<c>host:container[:ro]</c>)
/// and the network it joins under <paramref name="Aliases"/>.
/// </summary>
public sealed record EngineContainerSpec(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Binds,
    string Network,
    IReadOnlyList<string> Aliases);
