using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// At start-up: a backup or test restore the stopped panel left "running" is failed with that reason (never left
/// running), the scratch containers it left are removed, and every policy's schedule is registered again.
/// </summary>
public sealed class BackupRecovery(IPanelDbContext db, IScratchContainers scratch, IBackupQueue queue, TimeProvider clock)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BackupRuns.Where(r => r.Status == BackupStatus.Running).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, BackupStatus.Failed)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.Error, "The panel stopped during the backup; run it again."), cancellationToken);
        await db.BackupRuns.Where(r => r.Verification == VerificationStatus.Running).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Verification, VerificationStatus.Failed)
            .SetProperty(r => r.VerifiedAt, now)
            .SetProperty(r => r.VerificationDetail, "The panel stopped during the test restore; verify again."), cancellationToken);
        foreach (var policy in await db.BackupPolicies.AsNoTracking().ToListAsync(cancellationToken))
        {
            queue.Schedule(policy);
        }

        await scratch.RemoveAllAsync(cancellationToken);
    }
}
