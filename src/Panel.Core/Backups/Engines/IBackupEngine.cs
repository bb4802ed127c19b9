using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>What a backup reads: a database service and its running container, or a named volume (with its users paused meanwhile, or not).</summary>
public sealed record BackupSource(Service? Service, string? ContainerId, string? VolumeName, bool PauseUsers = false)
{
    public Databases.DatabaseSettings Database => Service?.Database ?? throw new InvalidOperationException("Not a database.");
}

/// <summary>How one kind of data is dumped as a stream and proven by a test restore in a throwaway container.</summary>
public interface IBackupEngine
{
    /// <summary>The dump's file extension, before the compression's (".pgdump", ".sql", ".rdb", ".tar").</summary>
    string Extension { get; }

    /// <summary>Writes the dump to <paramref name="output"/>; returns what it holds, counted at dump time (table to rows, "keys", "files").</summary>
    Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken);

    /// <summary>
    /// Restores <paramref name="dump"/> into a throwaway container of the same image, checks it against
    /// <paramref name="expected"/> and removes the container; returns what was checked. Throws <see cref="BackupException"/>.
    /// </summary>
    Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump, CancellationToken cancellationToken);
}
