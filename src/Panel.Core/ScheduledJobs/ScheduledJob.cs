using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>What happens when a job is due (or run by hand) while a run of it is still going or waiting for its retry.</summary>
public enum JobOverlap
{
    /// <summary>The new run is skipped (recorded as skipped).</summary>
    Skip,

    /// <summary>The new run waits for the current one to end; at most one waits, later ones are skipped.</summary>
    Queue,
}

/// <summary>
/// A command of an application (or of one compose service of a stack) run on a cron schedule (decision 043) as a one-off task from the service's live image
/// and current environment, with a timeout, retries with exponential back-off and an overlap policy.
/// </summary>
public sealed class ScheduledJob
{
    public const int NameMaxLength = 64;
    public const int CommandMaxLength = 4096;
    public const int ComposeServiceMaxLength = 63;

    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public Service? Service { get; set; }
    public required string Name { get; set; }

    /// <summary>On a compose stack, the compose service whose live image, environment, networks and secrets the job runs with; null on an application.</summary>
    public string? ComposeService { get; set; }

    /// <summary>Run directly, or with <c>/bin/sh -c</c> when it needs a shell (<see cref="Deployments.CommandLine"/>).</summary>
    public required string Command { get; set; }

    /// <summary>Five-field cron expression (minute hour day month weekday); null: only run by hand.</summary>
    public string? Schedule { get; set; }

    /// <summary>The IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    public int TimeoutSeconds { get; set; } = JobRules.DefaultTimeoutSeconds;

    /// <summary>Further attempts after a failed or timed-out one.</summary>
    public int Retries { get; set; }

    /// <summary>The wait before the first retry; each later one waits twice as long as the one before.</summary>
    public int BackoffSeconds { get; set; } = JobRules.DefaultBackoffSeconds;

    public JobOverlap Overlap { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>When the schedule fires next; null when disabled or without a schedule.</summary>
    public DateTimeOffset? NextRunAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
