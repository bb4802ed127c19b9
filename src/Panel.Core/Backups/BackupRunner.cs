using System.Globalization;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// Runs one backup: the dump streamed to the destination, the stored size checked against what was sent, then the
/// test restore and the retention. The status is truthful: a failing tool, an empty dump, a refused or short upload,
/// a timeout or a stopping panel is a failure with its reason, and nothing of it stays at the destination.
/// </summary>
public sealed partial class BackupRunner(
    IPanelDbContext db,
    BackupSources sources,
    IBackupStoreFactory stores,
    BackupActivity activity,
    BackupLocks locks,
    BackupVerifier verifier,
    BackupRetention retention,
    TimeProvider clock,
    ILogger<BackupRunner> logger)
{
    /// <summary>Records a new run of the policy (not started yet); the caller runs it with <see cref="RunAsync"/>.</summary>
    public async Task<BackupRun> CreateAsync(Guid policyId, BackupTrigger trigger, CancellationToken cancellationToken)
    {
        var policy = await db.BackupPolicies.FirstOrDefaultAsync(p => p.Id == policyId, cancellationToken)
            ?? throw new BackupException("This backup policy does not exist any more.");
        var run = new BackupRun
        {
            Id = Guid.CreateVersion7(), PolicyId = policy.Id, Trigger = trigger, Status = BackupStatus.Running,
            StartedAt = clock.GetUtcNow(), Compression = policy.Compression, EncryptionKeyId = policy.EncryptionKeyId,
        };
        db.BackupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        activity.Report(new BackupProgress(run.Id, policy.Id, "waiting", 0, 0, false));
        return run;
    }

    /// <summary>Runs a recorded run to its end (success or failure), then verifies it and applies retention.</summary>
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.BackupRuns.Include(r => r.Policy).ThenInclude(p => p!.Destination)
            .Include(r => r.Policy).ThenInclude(p => p!.Service).ThenInclude(s => s!.Project)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: BackupStatus.Running })
        {
            return;
        }

        var policy = run.Policy!;
        using (await locks.EnterAsync(policy, cancellationToken))
        {
            await BackUpAsync(run, policy, cancellationToken);
        }

        if (run.Status != BackupStatus.Succeeded)
        {
            return;
        }

        if (policy.VerifyAfterBackup)
        {
            await verifier.VerifyAsync(run.Id, null, cancellationToken);
        }

        await retention.ApplyAsync(policy, cancellationToken);
    }

    private async Task BackUpAsync(BackupRun run, BackupPolicy policy, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(policy.TimeoutMinutes));
        using var store = stores.Open(policy.Destination!);
        var stored = false;
        try
        {
            var engine = sources.EngineOf(policy);
            var source = await sources.FindAsync(policy, timeout.Token);
            run.Source = Describe(policy);
            run.ObjectKey = ObjectKey(policy, run, engine.Extension);
            await db.SaveChangesAsync(timeout.Token);
            var dump = await BackupPipeline.RunAsync(engine, source, store, run.ObjectKey, policy.Compression, policy.EncryptionPublicKey,
                p => activity.Report(new BackupProgress(run.Id, policy.Id, "uploading", p.Bytes, p.BytesPerSecond, false)), timeout.Token);
            stored = true;
            await CheckStoredAsync(store, run.ObjectKey, dump, timeout.Token);
            run.Counts = new Dictionary<string, long>(dump.Counts);
            run.DumpBytes = dump.DumpBytes;
            run.SizeBytes = dump.StoredBytes;
            run.Sha256 = dump.Sha256;
            run.Status = BackupStatus.Succeeded;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(run, $"The backup was stopped after {policy.TimeoutMinutes} minutes (the policy's timeout). Raise the timeout or check why the dump is slow.");
        }
        catch (OperationCanceledException)
        {
            Fail(run, "The panel stopped during the backup; run it again.");
        }
        catch (Exception e)
        {
            Fail(run, BackupFailures.Describe(e));
            LogFailed(logger, policy.SubjectName, e);
        }
        finally
        {
            run.FinishedAt = clock.GetUtcNow();
            if (run.Status == BackupStatus.Failed && stored)
            {
                await DeleteQuietlyAsync(store, run.ObjectKey);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            activity.Report(new BackupProgress(run.Id, policy.Id, "uploading", run.SizeBytes, 0, true));
        }
    }

    /// <summary>An empty dump, a missing object or a size different from what was sent is a failure.</summary>
    private static async Task CheckStoredAsync(IBackupStore store, string key, StoredDump dump, CancellationToken cancellationToken)
    {
        if (dump.DumpBytes == 0)
        {
            throw new BackupException("The dump is empty (0 bytes): nothing was backed up. Check that the database holds data and its tool works.");
        }

        var size = await store.SizeAsync(key, cancellationToken)
            ?? throw new BackupException($"The upload reported success but {key} is not at the destination.");
        if (size != dump.StoredBytes)
        {
            throw new BackupException($"The destination holds {size} bytes under {key}, but {dump.StoredBytes} were sent: the upload is incomplete.");
        }
    }

    private static void Fail(BackupRun run, string reason)
    {
        run.Status = BackupStatus.Failed;
        run.Error = reason;
    }

    private async Task DeleteQuietlyAsync(IBackupStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (BackupStoreException e)
        {
            LogCleanupFailed(logger, key, e.Message);
        }
    }

    private static string Describe(BackupPolicy policy) => policy.Target switch
    {
        BackupTarget.Database => $"{DatabaseEngines.Of(policy.Service!.Database!.Engine).DisplayName} {policy.Service.Database.Version} ({policy.Service.Database.Image})",
        BackupTarget.Volume => $"volume {policy.VolumeName}",
        _ => "the panel",
    };

    /// <summary>"shop-postgres/shop-postgres-20261206-031500-0193ab12.pgdump.zst", ".enc" added when encrypted.</summary>
    private string ObjectKey(BackupPolicy policy, BackupRun run, string extension)
    {
        var subject = policy.Target switch
        {
            BackupTarget.Database => $"{policy.Service!.Project!.Name}-{policy.Service.Name}",
            BackupTarget.Volume => $"volume-{policy.VolumeName}",
            _ => "panel",
        };
        var time = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var encrypted = policy.EncryptionPublicKey is null ? "" : ".enc";
        return $"{subject}/{subject}-{time}-{run.Id.ToString("N")[^8..]}{extension}{Streams.BackupCodecs.ExtensionOf(policy.Compression)}{encrypted}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup of {Subject} failed")]
    private static partial void LogFailed(ILogger logger, string subject, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The failed backup's object {ObjectKey} could not be deleted: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string objectKey, string reason);
}
