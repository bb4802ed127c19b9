using DropIt.Panel.Core.Backups;
using Hangfire;

namespace DropIt.Panel.Web.Jobs;

/// <summary>The Hangfire jobs of backups; the work is <see cref="BackupRunner"/>'s and <see cref="BackupVerifier"/>'s.</summary>
public sealed class BackupJobs(BackupRunner runner, BackupVerifier verifier)
{
    public const string Queue = "backups";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Scheduled backup {0}")]
    public async Task RunScheduledAsync(Guid policyId, CancellationToken cancellationToken)
    {
        var run = await runner.CreateAsync(policyId, BackupTrigger.Scheduled, cancellationToken);
        await runner.RunAsync(run.Id, cancellationToken);
    }

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Backup {0}")]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => runner.RunAsync(runId, cancellationToken);

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Test restore of backup {0}")]
    public Task VerifyAsync(Guid runId, CancellationToken cancellationToken) => verifier.VerifyAsync(runId, null, cancellationToken);
}

/// <summary>Backup schedules as Hangfire recurring jobs (cron in the policy's time zone), runs as Hangfire jobs.</summary>
internal sealed class HangfireBackupQueue(IRecurringJobManager recurring, IBackgroundJobClient jobs) : IBackupQueue
{
    public void Schedule(BackupPolicy policy)
    {
        if (policy.Schedule is null || !policy.Enabled || BackupSchedule.FindZone(policy.TimeZone) is not { } zone)
        {
            Unschedule(policy.Id);
            return;
        }

        var id = policy.Id;
        recurring.AddOrUpdate<BackupJobs>(RecurringId(id), Queue, j => j.RunScheduledAsync(id, CancellationToken.None), policy.Schedule,
            new RecurringJobOptions { TimeZone = zone });
    }

    public void Unschedule(Guid policyId) => recurring.RemoveIfExists(RecurringId(policyId));

    public void EnqueueRun(Guid runId) => jobs.Enqueue<BackupJobs>(j => j.RunAsync(runId, CancellationToken.None));

    public void EnqueueVerify(Guid runId) => jobs.Enqueue<BackupJobs>(j => j.VerifyAsync(runId, CancellationToken.None));

    private static string RecurringId(Guid policyId) => $"backup-{policyId:N}";

    private const string Queue = BackupJobs.Queue;
}
