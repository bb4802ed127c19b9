using System.Globalization;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// Restores a stored backup: into a new database of the same engine and version (a clone to inspect or switch to), or
/// in place after a typed confirmation and a safety backup. A failed in-place restore leaves the database as it was:
/// PostgreSQL's runs in one transaction; for the others the safety backup is loaded back.
/// </summary>
public sealed class BackupRestorer(
    IPanelDbContext db,
    IBackupStoreFactory stores,
    DatabaseCatalog catalog,
    DatabaseRestores restores,
    VolumeBackup volumes,
    IVolumeOperations volumeOperations,
    BackupRunner runner,
    BackupActivity activity,
    AuditTrail audit,
    TimeProvider clock)
{
    private static readonly TimeSpan FirstStartTimeout = TimeSpan.FromMinutes(10);

    public async Task<Outcome<RestoreResult>> RestoreAsync(Guid runId, RestoreRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var run = await db.BackupRuns.Include(r => r.Policy).ThenInclude(p => p!.Destination)
            .Include(r => r.Policy).ThenInclude(p => p!.Service).ThenInclude(s => s!.Project)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: BackupStatus.Succeeded, DeletedAt: null })
        {
            return Outcome<RestoreResult>.NotFound("This backup is not stored (it failed, or retention deleted it).");
        }

        var policy = run.Policy!;
        if (run.EncryptionKeyId is not null && string.IsNullOrWhiteSpace(request.PrivateKey))
        {
            return Outcome<RestoreResult>.Invalid($"This backup is encrypted with key {run.EncryptionKeyId}: give that key to restore it.");
        }

        if (policy.Target == BackupTarget.Panel)
        {
            return Outcome<RestoreResult>.Invalid("The panel's own backup is restored with `dropit restore` while the panel is stopped: download it first.");
        }

        if (request.InPlace && !Confirms(request.Confirmation, policy))
        {
            return Outcome<RestoreResult>.Invalid($"Type {policy.Service?.Name ?? policy.SubjectName} to confirm that its data is replaced.");
        }

        if (request.InPlace && policy.Target == BackupTarget.Volume)
        {
            return Outcome<RestoreResult>.Invalid("A volume is restored into a new volume; mount it in place of the old one to switch.");
        }

        audit.Add(actor, AuditActions.BackupRestoreStarted, policy.SubjectName, request.InPlace ? "in place" : "into a new database");
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var result = policy.Target == BackupTarget.Volume
                ? await IntoNewVolumeAsync(run, request.PrivateKey, cancellationToken)
                : request.InPlace
                    ? await InPlaceAsync(run, request.PrivateKey, cancellationToken)
                    : await IntoNewDatabaseAsync(run, request, actor, cancellationToken);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome<RestoreResult>.Conflict($"The restore failed: {BackupFailures.Describe(e)}");
        }
        finally
        {
            activity.Report(new BackupProgress(run.Id, policy.Id, "restoring", 0, 0, true));
        }
    }

    /// <summary>An in-place restore is confirmed by typing the database's name, or its "project/name".</summary>
    public static bool Confirms(string? confirmation, BackupPolicy policy) =>
        confirmation?.Trim() is { Length: > 0 } typed && (typed == policy.SubjectName || typed == policy.Service?.Name);

    private async Task<Outcome<RestoreResult>> IntoNewDatabaseAsync(BackupRun run, RestoreRequest request, Actor actor,
        CancellationToken cancellationToken)
    {
        var source = run.Policy!.Service ?? throw new BackupException("The database this backup came from was deleted: restore it into a new one from the download.");
        var created = await CreateCloneAsync(source, request.NewName, actor, cancellationToken);
        if (!created.Succeeded)
        {
            return created.Failed<RestoreResult>();
        }

        var target = created.Value!;
        await LoadAsync(run, target, request.PrivateKey, replace: false, cancellationToken);
        return Outcome<RestoreResult>.Ok(new RestoreResult(target.Id, null, await CheckCountsAsync(run, target, cancellationToken)));
    }

    /// <summary>
    /// Restores an uploaded file (a backup downloaded from the panel, encrypted or not, or a bare dump of the engine's
    /// format) into a new database beside <paramref name="serviceId"/>, of the same engine and version.
    /// </summary>
    public async Task<Outcome<RestoreResult>> RestoreUploadAsync(Guid serviceId, Stream upload, RestoreRequest request, Actor actor,
        CancellationToken cancellationToken)
    {
        var source = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (source is null)
        {
            return Outcome<RestoreResult>.NotFound("This database does not exist.");
        }

        audit.Add(actor, AuditActions.BackupRestoreStarted, $"{source.Project!.Name}/{source.Name}", "an uploaded file into a new database");
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await using var plain = await Streams.BackupFormat.OpenPlainAsync(upload, request.PrivateKey, cancellationToken);
            var created = await CreateCloneAsync(source, request.NewName, actor, cancellationToken);
            if (!created.Succeeded)
            {
                return created.Failed<RestoreResult>();
            }

            await restores.LoadAsync(created.Value!, plain, replace: false, cancellationToken);
            var counts = await restores.CountAsync(created.Value!, cancellationToken);
            return Outcome<RestoreResult>.Ok(new RestoreResult(created.Value!.Id, null,
                $"Restored the uploaded file: {counts.Count} table(s) or key set(s), {counts.Values.Sum()} row(s) or key(s)."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome<RestoreResult>.Conflict($"The restore failed: {BackupFailures.Describe(e)}");
        }
    }

    /// <summary>A new database of the source's engine, version and image, started and ready for the data.</summary>
    private async Task<Outcome<Service>> CreateCloneAsync(Service source, string? newName, Actor actor, CancellationToken cancellationToken)
    {
        var settings = source.Database!;
        var name = string.IsNullOrWhiteSpace(newName) ? $"{source.Name}-restored" : newName.Trim();
        var created = await catalog.CreateAsync(source.ProjectId, new DatabaseInput(Name: name, Engine: settings.Engine, Version: settings.Version,
            Image: settings.Image, DatabaseName: settings.DatabaseName, Username: settings.Username), actor, cancellationToken);
        return created.Succeeded
            ? Outcome<Service>.Ok(await WaitStartedAsync(created.Value!.Id, cancellationToken))
            : created.Failed<Service>();
    }

    private async Task<Outcome<RestoreResult>> InPlaceAsync(BackupRun run, string? privateKey, CancellationToken cancellationToken)
    {
        var policy = run.Policy!;
        var target = policy.Service ?? throw new BackupException("The database this backup came from was deleted.");
        var safety = await runner.CreateAsync(policy.Id, BackupTrigger.SafetyBeforeRestore, cancellationToken);
        await runner.RunAsync(safety.Id, cancellationToken);
        if (safety.Status != BackupStatus.Succeeded)
        {
            throw new BackupException($"The safety backup failed, so nothing was replaced: {safety.Error}");
        }

        try
        {
            await LoadAsync(run, target, privateKey, replace: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && target.Database!.Engine != DatabaseEngine.Postgres)
        {
            // PostgreSQL's single transaction already rolled back; the others get their safety backup back.
            await LoadAsync(safety, target, null, replace: true, CancellationToken.None);
            throw new BackupException($"{BackupFailures.Describe(e)} The safety backup taken just before was loaded back: the database is as it was.");
        }

        return Outcome<RestoreResult>.Ok(new RestoreResult(target.Id, null,
            await CheckCountsAsync(run, target, cancellationToken) + $" A safety backup was taken first ({safety.ObjectKey})."));
    }

    private async Task<Outcome<RestoreResult>> IntoNewVolumeAsync(BackupRun run, string? privateKey, CancellationToken cancellationToken)
    {
        var volume = $"{run.Policy!.VolumeName}-restored-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        await volumeOperations.CreateAsync(volume, run.Policy.ServiceId ?? Guid.Empty, cancellationToken);
        await using var reader = await OpenAsync(run, privateKey, cancellationToken);
        await volumes.ExtractIntoAsync(volume, reader.Plain, cancellationToken);
        await reader.CheckAsync(cancellationToken);
        return Outcome<RestoreResult>.Ok(new RestoreResult(null, volume, $"Extracted into the new volume {volume}."));
    }

    private async Task LoadAsync(BackupRun run, Service target, string? privateKey, bool replace, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(run, privateKey, cancellationToken);
        await restores.LoadAsync(target, reader.Plain, replace, cancellationToken);
        await reader.CheckAsync(cancellationToken);
    }

    private async Task<BackupReader> OpenAsync(BackupRun run, string? privateKey, CancellationToken cancellationToken)
    {
        var store = stores.Open(run.Policy!.Destination!);
        return await BackupReader.OpenAsync(store, run, privateKey,
            p => activity.Report(new BackupProgress(run.Id, run.PolicyId, "restoring", p.Bytes, p.BytesPerSecond, false)), cancellationToken);
    }

    private async Task<string> CheckCountsAsync(BackupRun run, Service target, CancellationToken cancellationToken)
    {
        var counts = await restores.CountAsync(target, cancellationToken);
        var differences = ContainerCommands.Differences(run.Counts, counts);
        return differences.Length > 0
            ? throw new BackupException($"The restored database differs from the backup: {differences}.")
            : $"Restored {counts.Count} table(s) or key set(s), {counts.Values.Sum()} row(s) or key(s), every count equal to the backup's.";
    }

    /// <summary>Waits for the new database's first deployment; throws with its reason when it fails.</summary>
    private async Task<Service> WaitStartedAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + FirstStartTimeout;
        while (clock.GetUtcNow() < until)
        {
            var service = await db.Services.AsNoTracking().Include(s => s.Project).FirstAsync(s => s.Id == serviceId, cancellationToken);
            if (service.Status == ServiceStatus.Running)
            {
                return service;
            }

            if (service.Status == ServiceStatus.Failed)
            {
                throw new BackupException($"The new database {service.Name} did not start; see its deployment log.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        throw new BackupException("The new database did not start within 10 minutes; see its deployment log.");
    }
}
