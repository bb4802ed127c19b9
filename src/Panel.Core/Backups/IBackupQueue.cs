namespace DropIt.Panel.Core.Backups;

/// <summary>Hands backup work to the job system: schedules of policies, runs, verifications and restores.</summary>
public interface IBackupQueue
{
    /// <summary>Registers (or removes, when it has no schedule or is disabled) the policy's recurring backup.</summary>
    void Schedule(BackupPolicy policy);

    void Unschedule(Guid policyId);

    void EnqueueRun(Guid runId);

    /// <summary>A test restore of a stored backup (never of an encrypted one with its key: keys never go to the job store).</summary>
    void EnqueueVerify(Guid runId);

}
