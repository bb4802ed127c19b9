namespace DropIt.Panel.Core.ScheduledJobs;

public enum JobRunTrigger
{
    Scheduled,
    Manual,
    Retry,
}

public enum JobRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Skipped,

    /// <summary>The panel stopped while the run was queued or running; its one-off task was removed at the next start.</summary>
    Interrupted,
}

/// <summary>One attempt of a job: when and why it ran, how it ended, its exit code, duration and last log lines.</summary>
public sealed class ScheduledJobRun
{
    /// <summary>The label on a run's one-off Docker service and container, with the run's id.</summary>
    public const string EngineLabel = "dropit.job-run";

    public Guid Id { get; set; }
    public Guid JobId { get; set; }
    public ScheduledJob? Job { get; set; }
    public JobRunTrigger Trigger { get; set; }

    /// <summary>1 for the first attempt, 2 for the first retry...</summary>
    public int Attempt { get; set; } = 1;

    public JobRunStatus Status { get; set; }

    /// <summary>Who asked for a manual run; null for the schedule and retries.</summary>
    public string? TriggeredBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A queued run does not start before this time (a retry's back-off).</summary>
    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How long the command ran, measured around the one-off task.</summary>
    public long? DurationMs { get; set; }

    public long? ExitCode { get; set; }

    /// <summary>Why the run failed, timed out, was skipped or interrupted, in words.</summary>
    public string? Error { get; set; }

    /// <summary>The command's output (masked), its last part when it was long.</summary>
    public string Log { get; set; } = "";

    /// <summary>The one-off Docker service, so a run interrupted by a panel stop can be cleaned up.</summary>
    public string? EngineServiceName { get; set; }

    public bool IsActive => Status is JobRunStatus.Queued or JobRunStatus.Running;

    public bool IsFailure => Status is JobRunStatus.Failed or JobRunStatus.TimedOut;
}
