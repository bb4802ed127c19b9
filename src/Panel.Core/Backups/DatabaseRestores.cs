using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Backups;

/// <summary>How a dump goes into a running database service of each engine, and the check that follows.</summary>
public sealed class DatabaseRestores(
    ISwarmOperations swarm,
    PostgresBackup postgres,
    PostgresCommands postgresCommands,
    MariaDbBackup mariaDb,
    RedisBackup redis)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Loads the dump into the service. PostgreSQL: <c>pg_restore</c> (with <paramref name="replace"/>, the old objects are
    /// dropped in the same single transaction); MariaDB/MySQL: the SQL import; Redis: the server stops, the RDB replaces
    /// its file in the volume, and it starts on it.
    /// </summary>
    public async Task LoadAsync(Service service, Stream dump, bool replace, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var name = DatabaseUrls.Host(service);
        switch (settings.Engine)
        {
            case DatabaseEngine.Postgres:
                await postgres.RestoreAsync(await RunningAsync(name, cancellationToken), settings, dump, replace, cancellationToken);
                break;
            case DatabaseEngine.MariaDb or DatabaseEngine.MySql:
                await mariaDb.ImportAsync(await RunningAsync(name, cancellationToken), settings, dump, cancellationToken);
                break;
            default:
                await swarm.ScaleAsync(name, 0, cancellationToken);
                await swarm.WaitContainersGoneAsync(name, TimeSpan.FromSeconds(settings.StopGracePeriodSeconds + 15), cancellationToken);
                try
                {
                    await redis.WriteIntoVolumeAsync(settings.Image, settings.VolumeName, dump, cancellationToken);
                }
                finally
                {
                    await swarm.ScaleAsync(name, 1, CancellationToken.None);
                }

                await RunningAsync(name, cancellationToken);
                break;
        }
    }

    /// <summary>What the service holds now, counted as at backup time (rows per table, or keys).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(Service service, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var container = await RunningAsync(DatabaseUrls.Host(service), cancellationToken);
        if (settings.Engine == DatabaseEngine.Postgres)
        {
            return await postgresCommands.CountRowsAsync(container, settings, cancellationToken);
        }

        return settings.Engine == DatabaseEngine.Redis
            ? await redis.CountKeysAsync(container, cancellationToken)
            : await mariaDb.CountRowsAsync(container, settings, cancellationToken);
    }

    /// <summary>The container of the service's running task, waiting for one while it starts.</summary>
    public async Task<string> RunningAsync(string engineName, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + StartTimeout;
        while (true)
        {
            var running = (await swarm.ListReplicasAsync(engineName, cancellationToken))
                .FirstOrDefault(r => r is { State: "running", DesiredState: "running", ContainerId: not null });
            if (running is not null)
            {
                return running.ContainerId!;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new BackupException($"The database {engineName} did not start within {StartTimeout.TotalMinutes:0} minutes; see its logs.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
