namespace DropIt.Panel.Core.Docker;

/// <summary>Swarm secrets and configs: immutable, named by the panel, mounted into services as files.</summary>
public interface ISwarmFiles
{
    /// <summary>Creates the secret (or config) unless one of that name exists (its content is never read back); its id.</summary>
    Task<string> EnsureAsync(string name, byte[] content, bool secret, Guid serviceId, CancellationToken cancellationToken);

    /// <summary>Removes the service's secrets and configs whose names are not in <paramref name="keep"/> (those in use stay).</summary>
    Task RemoveUnusedAsync(Guid serviceId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken);
}

/// <summary>Docker volumes.</summary>
public interface IVolumeOperations
{
    /// <summary>The volume and the containers that mount it, or null when it does not exist.</summary>
    Task<VolumeUse?> InspectAsync(string name, CancellationToken cancellationToken);

    Task CreateAsync(string name, Guid serviceId, CancellationToken cancellationToken);

    /// <summary>Removes the volume; nothing happens when it does not exist.</summary>
    Task RemoveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A volume and the containers (by Swarm service name, or container name) that mount it.</summary>
public sealed record VolumeUse(string Name, IReadOnlyList<string> UsedBy);

/// <summary>Commands and logs of running containers.</summary>
public interface IContainerOperations
{
    /// <summary>
    /// Runs a command in a container (no shell, no TTY). <paramref name="input"/> is written to its standard input
    /// (passwords travel this way), its standard output is copied to <paramref name="output"/>.
    /// </summary>
    Task<ExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, Stream? input, Stream? output,
        CancellationToken cancellationToken);

    /// <summary>The last lines a container wrote (standard output and error, in order).</summary>
    Task<IReadOnlyList<string>> TailLogsAsync(string containerId, int lines, CancellationToken cancellationToken);
}

/// <summary>A command's exit code and the end of what it wrote to standard error.</summary>
public sealed record ExecResult(long ExitCode, string ErrorTail)
{
    public bool Succeeded => ExitCode == 0;
}
