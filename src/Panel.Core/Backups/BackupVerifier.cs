using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// Proves a backup: reads the stored object back, restores it into a throwaway container of the same engine and
/// version, checks what it holds against the counts taken at dump time, and records "verified" or why not.
/// </summary>
public sealed class BackupVerifier(IPanelDbContext db, BackupSources sources, IBackupStoreFactory stores, BackupActivity activity,
    TimeProvider clock)
{
    /// <summary>Verifies the run. An encrypted backup is restored only with <paramref name="privateKey"/>; without it, only its SHA-256 is checked.</summary>
    public async Task VerifyAsync(Guid runId, string? privateKey, CancellationToken cancellationToken)
    {
        var run = await db.BackupRuns.Include(r => r.Policy).ThenInclude(p => p!.Destination)
            .Include(r => r.Policy).ThenInclude(p => p!.Service).ThenInclude(s => s!.Project)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new BackupException("This backup does not exist.");
        if (run.Status != BackupStatus.Succeeded || run.DeletedAt is not null)
        {
            throw new BackupException("Only a stored backup can be verified.");
        }

        var policy = run.Policy!;
        run.Verification = VerificationStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        activity.Report(new BackupProgress(run.Id, policy.Id, "verifying", 0, 0, false));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(policy.TimeoutMinutes));
        try
        {
            run.VerificationDetail = await CheckAsync(run, policy, privateKey, timeout.Token);
            run.Verification = run.EncryptionKeyId is not null && privateKey is null ? VerificationStatus.NotRun : VerificationStatus.Verified;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            run.Verification = VerificationStatus.Failed;
            run.VerificationDetail = $"The test restore was stopped after {policy.TimeoutMinutes} minutes (the policy's timeout).";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Verification = VerificationStatus.Failed;
            run.VerificationDetail = BackupFailures.Describe(e);
        }
        finally
        {
            run.VerifiedAt = clock.GetUtcNow();
            if (run.Verification == VerificationStatus.Running)
            {
                run.Verification = VerificationStatus.Failed;
                run.VerificationDetail = "The panel stopped during the test restore.";
            }

            await db.SaveChangesAsync(CancellationToken.None);
            activity.Report(new BackupProgress(run.Id, policy.Id, "verifying", 0, 0, true));
        }
    }

    private async Task<string> CheckAsync(BackupRun run, BackupPolicy policy, string? privateKey, CancellationToken cancellationToken)
    {
        using var store = stores.Open(policy.Destination!);
        var size = await store.SizeAsync(run.ObjectKey, cancellationToken)
            ?? throw new BackupException($"The object {run.ObjectKey} is not at the destination any more.");
        if (size != run.SizeBytes)
        {
            throw new BackupException($"The stored object has {size} bytes; {run.SizeBytes} were written.");
        }

        if (run.EncryptionKeyId is not null && privateKey is null)
        {
            await using var raw = await store.OpenReadAsync(run.ObjectKey, cancellationToken);
            await using var hashed = new Streams.HashingReadStream(raw);
            await hashed.CopyToAsync(Stream.Null, cancellationToken);
            return hashed.Finish() == run.Sha256
                ? $"Encrypted with key {run.EncryptionKeyId}: the stored object was read back and its SHA-256 matches. " +
                  "A test restore needs that key: verify with it."
                : throw new BackupException("The stored object differs from what was written (SHA-256).");
        }

        await using var reader = await BackupReader.OpenAsync(store, run, privateKey,
            p => activity.Report(new BackupProgress(run.Id, policy.Id, "verifying", p.Bytes, p.BytesPerSecond, false)), cancellationToken);
        var detail = await sources.EngineOf(policy).VerifyAsync(BackupSources.ForVerification(policy), run.Counts, reader.Plain, cancellationToken);
        await reader.CheckAsync(cancellationToken);
        return detail + " Stored object's SHA-256 matches.";
    }
}
