using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>A run of a job was queued, started, wrote output or ended.</summary>
public sealed record JobRunChanged(Guid RunId, Guid JobId, Guid ServiceId, JobRunStatus Status);

/// <summary>Changes of job runs, for live pages. Subscriptions are disposables; handlers must not block.</summary>
public sealed class JobRunEvents
{
    private readonly Notifier<JobRunChanged> notifier = new();

    public IDisposable Subscribe(Action<JobRunChanged> handler) => notifier.Subscribe(handler);

    public void Publish(JobRunChanged change) => notifier.Publish(change);
}
