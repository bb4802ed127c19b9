using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>
/// Writes what happens to runs: a new one (started, waiting or skipped by the overlap policy), the end of an attempt
/// with its retry after the back-off, the <c>job.failed</c> alert when the last attempt failed and its resolution
/// when the job succeeds again. Old runs beyond <see cref="ScheduledJobsOptions.RunsKept"/> are removed.
/// </summary>
public sealed class JobRunRecorder(IPanelDbContext db, JobRunEvents events, AlertDispatcher alerts, IOptions<ScheduledJobsOptions> options)
{
    public const string Interrupted = "The panel stopped during this run; its task was stopped. Run the job again if needed.";

    /// <summary>
    /// A new run of the job as the overlap policy has it: queued (to start now or after the current one) or skipped. A
    /// run asked for by hand that would be skipped is not recorded: it comes back skipped, with the reason.
    /// </summary>
    public async Task<ScheduledJobRun> AddAsync(ScheduledJob job, JobRunTrigger trigger, string? triggeredBy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var active = await db.ScheduledJobRuns.AsNoTracking()
            .Where(r => r.JobId == job.Id && (r.Status == JobRunStatus.Queued || r.Status == JobRunStatus.Running))
            .Select(r => new { r.Status, r.Trigger, r.StartedAt })
            .ToListAsync(cancellationToken);
        var plan = JobRules.Plan(job.Overlap, active.Count > 0,
            active.Any(r => r.Status == JobRunStatus.Queued && r.Trigger != JobRunTrigger.Retry));
        var run = New(job, trigger, 1, now, now);
        run.TriggeredBy = triggeredBy;
        if (plan == JobPlan.Skip)
        {
            run.Status = JobRunStatus.Skipped;
            run.EndedAt = now;
            run.Error = SkipReason(job, active.Any(r => r.Status == JobRunStatus.Running), active.Any(r => r.Trigger == JobRunTrigger.Retry));
            if (trigger == JobRunTrigger.Manual)
            {
                return run;
            }
        }

        db.ScheduledJobRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        Publish(run, job);
        return run;
    }

    /// <summary>Records how an attempt ended; a failed one with retries left is followed by a queued retry after the back-off.</summary>
    public async Task EndAsync(Guid runId, JobAttempt attempt, DateTimeOffset now)
    {
        var run = await db.ScheduledJobRuns.Include(r => r.Job).ThenInclude(j => j!.Service).ThenInclude(s => s!.Project)
            .FirstOrDefaultAsync(r => r.Id == runId);
        if (run?.Job is not { } job)
        {
            return; // The job (or its service) was deleted meanwhile.
        }

        run.Status = attempt.Status;
        run.EndedAt = now;
        run.ExitCode = attempt.ExitCode;
        run.Error = attempt.Error;
        run.Log = attempt.Log;
        run.DurationMs = attempt.Duration is { } duration ? (long)duration.TotalMilliseconds : null;
        ScheduledJobRun? retry = null;
        if (run.IsFailure && JobRules.Retries(job, run.Attempt))
        {
            var wait = JobRules.Backoff(job.BackoffSeconds, run.Attempt + 1);
            retry = New(job, JobRunTrigger.Retry, run.Attempt + 1, now, now + wait);
            run.Error += $" Retry {run.Attempt} of {job.Retries} in {wait.TotalSeconds:0} s.";
            db.ScheduledJobRuns.Add(retry);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await PruneAsync(job.Id);
        Publish(run, job);
        if (retry is not null)
        {
            Publish(retry, job);
        }
        else if (run.IsFailure)
        {
            alerts.Raise(Alert(job, run, now));
        }
        else if (run.Status == JobRunStatus.Succeeded)
        {
            alerts.Resolve(new AlertRecovery(AlertEventKinds.JobFailed, job.Id.ToString(), $"Resolved: job {job.Name} of {job.Service!.Name} succeeds again",
                $"The job {job.Name} of {job.Service.Name} succeeded after a failed run.", Path(job), now)
            {
                ServiceId = job.ServiceId, ServiceName = job.Service.Name, ProjectName = job.Service.Project?.Name,
            });
        }
    }

    private static ScheduledJobRun New(ScheduledJob job, JobRunTrigger trigger, int attempt, DateTimeOffset now, DateTimeOffset notBefore) => new()
    {
        Id = Guid.CreateVersion7(), JobId = job.Id, Trigger = trigger, Attempt = attempt, Status = JobRunStatus.Queued,
        CreatedAt = now, NotBefore = notBefore,
    };

    private static string SkipReason(ScheduledJob job, bool running, bool waiting) =>
        job.Overlap == JobOverlap.Queue
            ? "Skipped: another run of this job already waits for the current one to end."
            : running
                ? "Skipped: the previous run was still running (the job's overlap policy is skip)."
                : waiting
                    ? "Skipped: the previous run waits for its retry (the job's overlap policy is skip)."
                    : "Skipped: another run of this job was queued (the job's overlap policy is skip).";

    private static AlertEvent Alert(ScheduledJob job, ScheduledJobRun run, DateTimeOffset now)
    {
        var service = job.Service!;
        var attempts = run.Attempt == 1 ? "" : $" after {run.Attempt} attempts";
        return new AlertEvent(AlertEventKinds.JobFailed, service.Id, service.Name, service.Project?.Name,
            $"Job {job.Name} of {service.Name} failed",
            $"The scheduled job {job.Name} of {service.Name} failed{attempts}: {run.Error}\n"
            + "Open the service's Jobs tab for the run's log, fix the cause, then run the job again.", Path(job), now)
        {
            Key = job.Id.ToString(),
        };
    }

    private static string Path(ScheduledJob job) => $"/services/{job.ServiceId}";

    private async Task PruneAsync(Guid jobId)
    {
        var keep = options.Value.RunsKept;
        var cutoff = await db.ScheduledJobRuns.Where(r => r.JobId == jobId).OrderByDescending(r => r.CreatedAt)
            .Skip(keep).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync();
        if (cutoff is { } oldest)
        {
            await db.ScheduledJobRuns.Where(r => r.JobId == jobId && r.CreatedAt <= oldest
                    && r.Status != JobRunStatus.Queued && r.Status != JobRunStatus.Running)
                .ExecuteDeleteAsync();
        }
    }

    private void Publish(ScheduledJobRun run, ScheduledJob job) => events.Publish(new JobRunChanged(run.Id, job.Id, job.ServiceId, run.Status));
}
