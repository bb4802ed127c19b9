namespace DropIt.Panel.Core.Docker;

/// <summary>Short-lived containers the panel runs for its own work (test restores, volume copies): no network, removed after.</summary>
public interface IScratchContainers
{
    /// <summary>Creates and starts the container (pulling a missing image) and returns its id.</summary>
    Task<string> StartAsync(ScratchContainer spec, CancellationToken cancellationToken);

    /// <summary>Removes the container, running or not, with its anonymous volumes; nothing happens when it is gone.</summary>
    Task RemoveAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Removes every scratch container (those a stopped panel left behind); how many there were.</summary>
    Task<int> RemoveAllAsync(CancellationToken cancellationToken);

    /// <summary>Freezes the processes of the running containers (other than scratch ones) that mount the volume; their ids.</summary>
    Task<IReadOnlyList<string>> PauseUsersAsync(string volume, CancellationToken cancellationToken);

    /// <summary>Thaws containers <see cref="PauseUsersAsync"/> froze.</summary>
    Task UnpauseAsync(IReadOnlyList<string> containerIds, CancellationToken cancellationToken);
}

/// <summary>A scratch container: its image, environment, program and the named volumes it mounts.</summary>
public sealed record ScratchContainer(string Image, IReadOnlyList<string> Environment, IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Command, IReadOnlyList<ScratchMount> Mounts, string Purpose);

public sealed record ScratchMount(string Volume, string Target, bool ReadOnly);
