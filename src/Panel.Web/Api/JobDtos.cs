using DropIt.Panel.Core.ScheduledJobs;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// POST /api/services/{id}/jobs and PATCH /api/jobs/{id}: <c>{name, command, schedule, timeZone, timeoutSeconds, retries,
/// backoffSeconds, overlap: "skip"|"queue", enabled, composeService}</c>. On PATCH, left-out fields keep their value; an empty schedule
/// means "only when run by hand". <c>composeService</c> is required on a compose stack (one of its services), refused on an application.
/// </summary>
public sealed record JobRequest(string? Name, string? Command, string? Schedule, string? TimeZone, int? TimeoutSeconds, int? Retries,
    int? BackoffSeconds, string? Overlap, bool? Enabled, string? ComposeService = null)
{
    /// <summary>The input over <paramref name="current"/> (or the defaults), or the error naming the field.</summary>
    public (JobInput? Input, string? Error) ToInput(ScheduledJob? current)
    {
        var basis = current is null ? new JobInput("", "", null) : JobInput.From(current);
        JobOverlap? overlap = Overlap?.Trim().ToLowerInvariant() switch
        {
            null => basis.Overlap,
            "skip" => JobOverlap.Skip,
            "queue" => JobOverlap.Queue,
            _ => null,
        };
        if (overlap is null)
        {
            return (null, $"overlap: \"skip\" or \"queue\"; \"{Overlap}\" was given.");
        }

        return (new JobInput(Name ?? basis.Name, Command ?? basis.Command, Schedule ?? basis.Schedule, TimeZone ?? basis.TimeZone,
            TimeoutSeconds ?? basis.TimeoutSeconds, Retries ?? basis.Retries, BackoffSeconds ?? basis.BackoffSeconds, overlap.Value,
            Enabled ?? basis.Enabled, ComposeService ?? basis.ComposeService), null);
    }
}

/// <summary>A scheduled job: its settings, its schedule in words, when it runs next and its last run.</summary>
public sealed record JobDto(Guid Id, Guid ServiceId, string Name, string Command, string? Schedule, string ScheduleText, string TimeZone,
    int TimeoutSeconds, int Retries, int BackoffSeconds, JobOverlap Overlap, bool Enabled, DateTimeOffset? NextRunAt, JobRunDto? LastRun,
    string? ComposeService)
{
    public static JobDto From(ScheduledJob job, string? scheduleText = null, ScheduledJobRun? lastRun = null) => new(job.Id, job.ServiceId,
        job.Name, job.Command, job.Schedule, scheduleText ?? JobRules.Describe(job), job.TimeZone, job.TimeoutSeconds, job.Retries,
        job.BackoffSeconds, job.Overlap, job.Enabled, job.NextRunAt, lastRun is null ? null : JobRunDto.From(lastRun, withLog: false),
        job.ComposeService);

    public static JobDto From(JobView view) => From(view.Job, view.ScheduleText, view.LastRun);
}

/// <summary>
/// One run: trigger (<c>scheduled</c>, <c>manual</c>, <c>retry</c>), attempt, status (<c>queued</c>, <c>running</c>,
/// <c>succeeded</c>, <c>failed</c>, <c>timed-out</c>, <c>skipped</c>, <c>interrupted</c>), times, duration, exit code,
/// the reason of a failure, and its log when asked for one run.
/// </summary>
public sealed record JobRunDto(Guid Id, Guid JobId, JobRunTrigger Trigger, int Attempt, JobRunStatus Status, string? TriggeredBy,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long? DurationMs, long? ExitCode, string? Error,
    string? Log)
{
    public static JobRunDto From(ScheduledJobRun run, bool withLog) => new(run.Id, run.JobId, run.Trigger, run.Attempt, run.Status,
        run.TriggeredBy, run.CreatedAt, run.StartedAt, run.EndedAt, run.DurationMs, run.ExitCode, run.Error, withLog ? run.Log : null);
}

/// <summary>The answer to "run now": the queued run, to follow at <c>/api/jobs/{jobId}/runs/{id}</c>.</summary>
public sealed record JobRunCreated(Guid Id, Guid JobId);
