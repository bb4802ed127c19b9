using System.IO.Pipelines;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Databases;

/// <summary>The new volume a major upgrade filled and checked, and the node that holds it.</summary>
public sealed record UpgradedVolume(string VolumeName, string? NodeId);

/// <summary>
/// A PostgreSQL major upgrade by dump and restore: the new version starts beside the old one on a new volume (under
/// another name, so the two never share data), the old database is made read-only so nothing written after the dump is
/// lost, <c>pg_dump -Fc</c> streams into <c>pg_restore</c>, and the row counts of every table must match. Whatever
/// fails, the new server and volume are removed and the old database is writable again, as it was.
/// </summary>
public sealed class DatabaseUpgrader(
    ISwarmOperations swarm,
    ISwarmFiles files,
    IVolumeOperations volumes,
    IContainerOperations containers,
    PostgresCommands postgres,
    DatabaseStartWatch startWatch)
{
    public async Task<UpgradedVolume> PrepareAsync(Service service, string engineName, string password, PendingUpgrade upgrade,
        DeploymentLog log, Func<string, Task> step, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var oldTask = (await swarm.ListReplicasAsync(engineName, cancellationToken))
            .FirstOrDefault(r => r is { State: "running", DesiredState: "running", ContainerId: not null })
            ?? throw new DatabaseStartException("The database is not running: start it, then upgrade (the data is dumped from the running server).");
        var nextName = $"{engineName}-next";
        var nextVolume = $"{settings.VolumeName}-pg{DatabaseEngines.Major(upgrade.Version)}";
        if (await volumes.InspectAsync(nextVolume, cancellationToken) is not null)
        {
            throw new DatabaseStartException($"The volume {nextVolume} exists already (a previous upgrade?). Remove it, then upgrade again.");
        }

        var readOnly = false;
        try
        {
            await step("starting the new version");
            log.Line($"Starting PostgreSQL {upgrade.Version} ({upgrade.Image}) as {nextName} on a new volume {nextVolume}.");
            await volumes.CreateAsync(nextVolume, service.Id, cancellationToken);
            var started = await StartNextAsync(service, nextName, nextVolume, password, upgrade, log, cancellationToken);

            await step("dumping");
            log.Line("The old database is read-only from now on, so nothing written after the dump is lost.");
            await postgres.RunAsync(oldTask.ContainerId!, settings, ReadOnlySql(settings, on: true), cancellationToken);
            readOnly = true;
            var before = await postgres.CountRowsAsync(oldTask.ContainerId!, settings, cancellationToken);
            log.Line($"Row counts before: {before.Count} table(s), {before.Values.Sum()} row(s).");
            await DumpAndRestoreAsync(oldTask.ContainerId!, started.ContainerId!, settings, log, cancellationToken);

            await step("checking row counts");
            var after = await postgres.CountRowsAsync(started.ContainerId!, settings, cancellationToken);
            var different = before.Where(t => !after.TryGetValue(t.Key, out var count) || count != t.Value)
                .Select(t => $"{t.Key}: {t.Value} before, {(after.TryGetValue(t.Key, out var c) ? c : 0)} after").ToList();
            if (different.Count > 0)
            {
                throw new DatabaseStartException($"The restored database differs from the old one: {string.Join("; ", different.Take(10))}.");
            }

            log.Line($"Every table has the same row count in PostgreSQL {upgrade.Version} ({after.Values.Sum()} row(s)).");
            await swarm.RemoveServiceAsync(nextName, CancellationToken.None);
            await swarm.WaitContainersGoneAsync(nextName, TimeSpan.FromSeconds(settings.StopGracePeriodSeconds + 15), CancellationToken.None);
            return new UpgradedVolume(nextVolume, started.NodeId);
        }
        catch
        {
            // The old database accepts writes again first, whatever the cleanup of the new one meets.
            if (readOnly)
            {
                await MakeWritableAsync(oldTask.ContainerId!, settings, log);
            }

            await RemoveNextAsync(nextName, nextVolume, settings, log);
            throw;
        }
    }

    /// <summary>Removes the new version's server, then its volume once no container uses it.</summary>
    private async Task RemoveNextAsync(string nextName, string nextVolume, DatabaseSettings settings, DeploymentLog log)
    {
        try
        {
            await swarm.RemoveServiceAsync(nextName, CancellationToken.None);
            await swarm.WaitContainersGoneAsync(nextName, TimeSpan.FromSeconds(settings.StopGracePeriodSeconds + 15), CancellationToken.None);
            await volumes.RemoveAsync(nextVolume, CancellationToken.None);
        }
        catch (EngineException e)
        {
            log.Line($"{e.Message} The new volume {nextVolume} is kept; remove it once that container is gone.");
        }
    }

    /// <summary>After the switch to the new volume failed and Docker put the old server back: it accepts writes again.</summary>
    public async Task MakeWritableAfterRollbackAsync(string engineName, DatabaseSettings settings, DeploymentLog log)
    {
        var running = (await swarm.ListReplicasAsync(engineName, CancellationToken.None))
            .FirstOrDefault(r => r is { State: "running", DesiredState: "running", ContainerId: not null });
        if (running is null)
        {
            log.Line("The old server is not running yet; once it is, run ALTER DATABASE ... RESET default_transaction_read_only.");
            return;
        }

        await MakeWritableAsync(running.ContainerId!, settings, log);
    }

    /// <summary>Resets the read-only default; a failure is logged, never thrown over the error that led here.</summary>
    private async Task MakeWritableAsync(string containerId, DatabaseSettings settings, DeploymentLog log)
    {
        try
        {
            await postgres.RunAsync(containerId, settings, ReadOnlySql(settings, on: false), CancellationToken.None);
            log.Line("The old database is writable again and keeps serving.");
        }
        catch (DatabaseStartException e)
        {
            log.Line($"The old database could not be made writable again ({e.Message}); run ALTER DATABASE ... RESET default_transaction_read_only.");
        }
    }

    private async Task<StartedTask> StartNextAsync(Service service, string nextName, string nextVolume, string password,
        PendingUpgrade upgrade, DeploymentLog log, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var next = new Service
        {
            Id = service.Id,
            ProjectId = service.ProjectId,
            Project = service.Project,
            Name = service.Name,
            Kind = ServiceKind.Database,
            Database = new DatabaseSettings
            {
                Engine = settings.Engine, Version = upgrade.Version, Image = upgrade.Image, DatabaseName = settings.DatabaseName,
                Username = settings.Username, SecretGeneration = settings.SecretGeneration, VolumeName = nextVolume, NodeId = settings.NodeId,
                ServerSettings = settings.ServerSettings, MemoryLimitBytes = settings.MemoryLimitBytes, CpuLimit = settings.CpuLimit,
                StopGracePeriodSeconds = settings.StopGracePeriodSeconds,
            },
        };
        var spec = DatabaseSpecs.Build(next, nextName, password, null);
        var ids = new Dictionary<string, string>();
        foreach (var file in spec.Files)
        {
            ids[file.Name] = await files.EnsureAsync(file.Name, file.Content, file.IsSecret, service.Id, cancellationToken);
        }

        await swarm.CreateServiceAsync(spec.Service with
        {
            Files = spec.Service.Files.Select(f => f with { Id = ids[f.Name] }).ToList(),
        }, cancellationToken);
        return await startWatch.WaitAsync(nextName, [], TimeSpan.FromMinutes(5), log, cancellationToken);
    }

    private async Task DumpAndRestoreAsync(string from, string to, DatabaseSettings settings, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var counter = new CountingStream(pipe.Writer.AsStream());
        async Task<ExecResult> DumpAsync()
        {
            try
            {
                return await containers.ExecAsync(from, ["pg_dump", "-Fc", "-U", settings.Username!, "-d", settings.DatabaseName!],
                    null, counter, cancellationToken);
            }
            finally
            {
                await pipe.Writer.CompleteAsync();
            }
        }

        async Task<ExecResult> RestoreAsync()
        {
            try
            {
                return await containers.ExecAsync(to,
                    ["pg_restore", "--exit-on-error", "--no-owner", "--role", settings.Username!, "-U", settings.Username!, "-d", settings.DatabaseName!],
                    pipe.Reader.AsStream(), null, cancellationToken);
            }
            finally
            {
                await pipe.Reader.CompleteAsync();
            }
        }

        log.Line("pg_dump -Fc | pg_restore ...");
        var dump = DumpAsync();
        var restored = await RestoreAsync();
        if (!restored.Succeeded)
        {
            // pg_dump stops once nothing reads its output; pg_restore's words say why.
            await dump.ContinueWith(_ => { }, TaskScheduler.Default);
            throw new DatabaseStartException($"pg_restore failed: {restored.ErrorTail.Trim()}");
        }

        var dumped = await dump;
        if (!dumped.Succeeded)
        {
            throw new DatabaseStartException($"pg_dump failed: {dumped.ErrorTail.Trim()}");
        }

        log.Line($"Dumped and restored {counter.Bytes / 1024.0 / 1024.0:0.0} MB.");
    }

    private static string ReadOnlySql(DatabaseSettings settings, bool on)
    {
        var database = $"\"{settings.DatabaseName}\"";
        return on
            ? $"ALTER DATABASE {database} SET default_transaction_read_only = on;\n" +
              $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{settings.DatabaseName}' AND pid <> pg_backend_pid();"
            : $"SET default_transaction_read_only = off;\nALTER DATABASE {database} RESET default_transaction_read_only;";
    }

    /// <summary>Counts the bytes that pass through to the log.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Bytes { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Bytes += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Bytes += buffer.Length;
        }
    }
}
