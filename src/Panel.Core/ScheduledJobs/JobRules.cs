using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>What a new run of a busy job does (<see cref="JobRules.Plan"/>).</summary>
public enum JobPlan
{
    Start,
    Wait,
    Skip,
}

/// <summary>The rules of scheduled jobs that need no database: limits, schedules, back-off and overlap (decision 043).</summary>
public static class JobRules
{
    public const int DefaultTimeoutSeconds = 600;
    public const int MaxTimeoutSeconds = 24 * 3600;
    public const int MaxRetries = 10;
    public const int DefaultBackoffSeconds = 30;
    public const int MaxBackoffSeconds = 3600;

    /// <summary>No single wait between two attempts is longer than this, however many retries.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    /// <summary>What is wrong with the input, naming the field; null when it is valid.</summary>
    public static string? Validate(JobInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return "name: give the job a name, such as \"nightly-report\".";
        }

        if (input.Name.Trim().Length > ScheduledJob.NameMaxLength)
        {
            return $"name: at most {ScheduledJob.NameMaxLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(input.Command))
        {
            return "command: give the command to run, such as \"node scripts/report.js\" (a plain command line runs directly; pipes, variables or && run with /bin/sh -c).";
        }

        if (input.Command.Length > ScheduledJob.CommandMaxLength || input.Command.Contains('\0'))
        {
            return $"command: at most {ScheduledJob.CommandMaxLength} characters, without NUL characters.";
        }

        if (BackupSchedule.Validate(Schedule(input.Schedule), input.TimeZone) is { } scheduleError)
        {
            return (BackupSchedule.FindZone(input.TimeZone) is null ? "timeZone: " : "schedule: ") + scheduleError;
        }

        if (input.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            return $"timeoutSeconds: between 1 and {MaxTimeoutSeconds} (24 hours); {input.TimeoutSeconds} was given.";
        }

        if (input.Retries is < 0 or > MaxRetries)
        {
            return $"retries: between 0 and {MaxRetries}; {input.Retries} was given.";
        }

        return input.BackoffSeconds is < 1 or > MaxBackoffSeconds
            ? $"backoffSeconds: between 1 and {MaxBackoffSeconds} (an hour); {input.BackoffSeconds} was given."
            : null;
    }

    /// <summary>
    /// What is wrong with the job's compose service, null when it is right: a job on a compose stack names one of the
    /// services of the stack's live deployment (<paramref name="stackServices"/>); a job on an application names none.
    /// </summary>
    public static string? CheckComposeService(ServiceKind kind, string serviceName, string? composeService, IReadOnlyList<string> stackServices)
    {
        var named = string.IsNullOrWhiteSpace(composeService) ? null : composeService.Trim();
        if (kind != ServiceKind.Compose)
        {
            return named is null ? null
                : $"composeService: only a job on a compose stack names a compose service; {serviceName} is not a compose stack. Leave it empty.";
        }

        var choices = string.Join(", ", stackServices);
        if (named is null)
        {
            return $"composeService: name the compose service of {serviceName} the job runs with, one of: {choices}.";
        }

        return stackServices.Contains(named, StringComparer.Ordinal) ? null
            : $"composeService: the live deployment of {serviceName} has no compose service \"{named}\"; choose one of: {choices}.";
    }

    /// <summary>An empty schedule is none: the job then runs only by hand.</summary>
    public static string? Schedule(string? schedule) => string.IsNullOrWhiteSpace(schedule) ? null : schedule.Trim();

    /// <summary>When the job's schedule fires next after <paramref name="after"/> (in UTC); null when disabled or without a schedule.</summary>
    public static DateTimeOffset? NextRun(ScheduledJob job, DateTimeOffset after) =>
        job.Enabled && job.Schedule is { } cron ? BackupSchedule.Next(cron, job.TimeZone, after)?.ToUniversalTime() : null;

    /// <summary>"every day at 03:00 (Europe/Paris)", "only when run by hand"...</summary>
    public static string Describe(ScheduledJob job) => BackupSchedule.Describe(job.Schedule, job.TimeZone);

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry): the back-off, doubled at each
    /// further retry, at most <see cref="MaxBackoff"/>.
    /// </summary>
    public static TimeSpan Backoff(int backoffSeconds, int nextAttempt)
    {
        var doublings = Math.Clamp(nextAttempt - 2, 0, 30);
        var seconds = backoffSeconds * Math.Pow(2, doublings);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    /// <summary>Whether a failed attempt is followed by another.</summary>
    public static bool Retries(ScheduledJob job, int attempt) => attempt <= job.Retries;

    /// <summary>
    /// What a new run does: starts when nothing of the job is running or queued; otherwise waits (queue policy, when
    /// no other run waits already) or is skipped. A pending retry counts as the job being busy, not as a waiting run.
    /// </summary>
    public static JobPlan Plan(JobOverlap overlap, bool busy, bool anotherWaits) =>
        !busy ? JobPlan.Start
        : overlap == JobOverlap.Queue && !anotherWaits ? JobPlan.Wait
        : JobPlan.Skip;
}
