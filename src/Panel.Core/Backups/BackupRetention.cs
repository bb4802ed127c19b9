using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// Applies a policy's retention after each of its backups (scheduled or manual): the objects of the successful
/// backups it no longer keeps are deleted from the destination and marked deleted; failed runs left nothing to delete.
/// </summary>
public sealed partial class BackupRetention(IPanelDbContext db, IBackupStoreFactory stores, TimeProvider clock, ILogger<BackupRetention> logger)
{
    /// <summary>Deletes the expired backups of the policy; how many were deleted.</summary>
    public async Task<int> ApplyAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        var live = await db.BackupRuns
            .Where(r => r.PolicyId == policy.Id && r.Status == BackupStatus.Succeeded && r.DeletedAt == null)
            .ToListAsync(cancellationToken);
        var zone = BackupSchedule.FindZone(policy.TimeZone) ?? TimeZoneInfo.Utc;
        var expired = Retention.Expired(
            live.Select(r => new RetainedBackup(r.Id, r.StartedAt, r.Verification == VerificationStatus.Verified)).ToList(),
            policy.Retention, zone);
        if (expired.Count == 0)
        {
            return 0;
        }

        using var store = stores.Open(policy.Destination!);
        var deleted = 0;
        foreach (var run in expired.Select(id => live.First(r => r.Id == id)))
        {
            try
            {
                await store.DeleteAsync(run.ObjectKey, cancellationToken);
            }
            catch (BackupStoreException e)
            {
                LogDeleteFailed(logger, run.ObjectKey, e.Message);
                continue; // Marked deleted only once it is: the next backup tries again.
            }

            run.DeletedAt = clock.GetUtcNow();
            deleted++;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not delete the backup {ObjectKey}: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, string objectKey, string reason);
}
