using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups;

/// <summary>Finds what a policy backs up (the running database, the volume) and the engine that dumps it.</summary>
public sealed class BackupSources(
    ISwarmOperations swarm,
    IVolumeOperations volumes,
    PostgresBackup postgres,
    MariaDbBackup mariaDb,
    RedisBackup redis,
    VolumeBackup volume,
    IPanelArchive? panel = null)
{
    public IBackupEngine EngineOf(BackupPolicy policy) => policy.Target switch
    {
        BackupTarget.Database => policy.Service?.Database?.Engine switch
        {
            DatabaseEngine.Postgres => postgres,
            DatabaseEngine.MySql or DatabaseEngine.MariaDb => mariaDb,
            DatabaseEngine.Redis => redis,
            _ => throw new BackupException($"{policy.SubjectName} is not a database any more (was it deleted?); there is nothing to back up."),
        },
        BackupTarget.Volume => volume,
        _ => panel ?? throw new BackupException("The panel's own backup is not available in this process."),
    };

    /// <summary>What the dump reads; throws <see cref="BackupException"/> saying what to do when it is not there.</summary>
    public async Task<BackupSource> FindAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        switch (policy.Target)
        {
            case BackupTarget.Database:
                var service = policy.Service ?? throw new BackupException($"The database {policy.SubjectName} was deleted; there is nothing to back up.");
                var running = (await swarm.ListReplicasAsync(DatabaseUrls.Host(service), cancellationToken))
                    .FirstOrDefault(r => r is { State: "running", DesiredState: "running", ContainerId: not null });
                return running is null
                    ? throw new BackupException($"The database {policy.SubjectName} is not running: start it, then back up again.")
                    : new BackupSource(service, running.ContainerId, null);
            case BackupTarget.Volume:
                return await volumes.InspectAsync(policy.VolumeName!, cancellationToken) is null
                    ? throw new BackupException($"The volume {policy.VolumeName} does not exist on this server.")
                    : new BackupSource(policy.Service, null, policy.VolumeName, policy.PauseDuringBackup);
            default:
                return new BackupSource(null, null, null);
        }
    }

    /// <summary>What a verification restores for: the database's image as it is now (same engine and version as the dump's).</summary>
    public static BackupSource ForVerification(BackupPolicy policy) => new(policy.Service, null, policy.VolumeName);
}

/// <summary>The panel's own archive as a backup engine (its database and data folder, as <c>dropit backup</c> writes).</summary>
public interface IPanelArchive : IBackupEngine;
