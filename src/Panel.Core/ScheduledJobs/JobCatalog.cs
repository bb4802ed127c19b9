using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>A job as the page and the API show it: its settings, its schedule in words and its last run.</summary>
public sealed record JobView(ScheduledJob Job, string ScheduleText, ScheduledJobRun? LastRun);

/// <summary>
/// The scheduled jobs of applications and compose stacks (decision 043): create, change, delete, run now, and their runs.
/// A job needs a service that has been deployed: it runs from the live version's image (on a stack, that of the compose
/// service it names, one of the live deployment's).
/// </summary>
public sealed class JobCatalog(IPanelDbContext db, JobRunRecorder recorder, JobScheduler scheduler, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<List<JobView>>> ListAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        if (!await db.Services.AnyAsync(s => s.Id == serviceId, cancellationToken))
        {
            return Outcome<List<JobView>>.NotFound("No service has this id.");
        }

        var jobs = await db.ScheduledJobs.AsNoTracking().Where(j => j.ServiceId == serviceId).OrderBy(j => j.Name).ToListAsync(cancellationToken);
        var views = new List<JobView>();
        foreach (var job in jobs)
        {
            var last = await db.ScheduledJobRuns.AsNoTracking()
                .Where(r => r.JobId == job.Id && r.Status != JobRunStatus.Skipped)
                .OrderByDescending(r => r.CreatedAt).Select(WithoutLog).FirstOrDefaultAsync(cancellationToken);
            views.Add(new JobView(job, JobRules.Describe(job), last));
        }

        return Outcome<List<JobView>>.Ok(views);
    }

    public Task<ScheduledJob?> FindAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.ScheduledJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);

    public async Task<Outcome<ScheduledJob>> CreateAsync(Guid serviceId, JobInput input, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<ScheduledJob>.NotFound("No service has this id.");
        }

        if (Refusal(service) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var job = new ScheduledJob { Id = Guid.CreateVersion7(), ServiceId = serviceId, Name = "", Command = "", CreatedAt = now };
        return await SaveAsync(job, input, actor, "job.created", isNew: true, cancellationToken);
    }

    public async Task<Outcome<ScheduledJob>> UpdateAsync(Guid jobId, JobInput input, Actor actor, CancellationToken cancellationToken)
    {
        var job = await db.ScheduledJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        return job is null ? Outcome<ScheduledJob>.NotFound("No scheduled job has this id.")
            : await SaveAsync(job, input, actor, "job.updated", isNew: false, cancellationToken);
    }

    /// <summary>Removes the job and its history; a run going on ends on its own (its task is removed when it ends).</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid jobId, Actor actor, CancellationToken cancellationToken)
    {
        var job = await db.ScheduledJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return Outcome<bool>.NotFound("No scheduled job has this id.");
        }

        db.ScheduledJobs.Remove(job);
        audit.Add(actor, "job.deleted", job.Name, $"service {job.ServiceId}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Queues a run now (behind the current one with the queue policy); refused while one runs with the skip policy.</summary>
    public async Task<Outcome<ScheduledJobRun>> RunNowAsync(Guid jobId, Actor actor, CancellationToken cancellationToken)
    {
        var job = await db.ScheduledJobs.Include(j => j.Service).FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return Outcome<ScheduledJobRun>.NotFound("No scheduled job has this id.");
        }

        if (job.Service!.LiveDeploymentId is null)
        {
            return Outcome<ScheduledJobRun>.Conflict(NotDeployed(job.Service));
        }

        var run = await recorder.AddAsync(job, JobRunTrigger.Manual, actor.Name, clock.GetUtcNow(), cancellationToken);
        if (run.Status == JobRunStatus.Skipped)
        {
            return Outcome<ScheduledJobRun>.Conflict($"{run.Error} Wait for it to end, then run the job again.");
        }

        await audit.RecordAsync(actor, "job.run", job.Name, $"service {job.ServiceId}", cancellationToken: cancellationToken);
        scheduler.Wake();
        return Outcome<ScheduledJobRun>.Ok(run);
    }

    /// <summary>The job's runs, newest first, without their logs.</summary>
    public Task<List<ScheduledJobRun>> ListRunsAsync(Guid jobId, int limit, CancellationToken cancellationToken) =>
        db.ScheduledJobRuns.AsNoTracking().Where(r => r.JobId == jobId).OrderByDescending(r => r.CreatedAt).Take(limit)
            .Select(WithoutLog).ToListAsync(cancellationToken);

    private static readonly System.Linq.Expressions.Expression<Func<ScheduledJobRun, ScheduledJobRun>> WithoutLog = r => new ScheduledJobRun
    {
        Id = r.Id, JobId = r.JobId, Trigger = r.Trigger, Attempt = r.Attempt, Status = r.Status, TriggeredBy = r.TriggeredBy,
        CreatedAt = r.CreatedAt, NotBefore = r.NotBefore, StartedAt = r.StartedAt, EndedAt = r.EndedAt, DurationMs = r.DurationMs,
        ExitCode = r.ExitCode, Error = r.Error,
    };

    /// <summary>One run with its log.</summary>
    public Task<ScheduledJobRun?> FindRunAsync(Guid jobId, Guid runId, CancellationToken cancellationToken) =>
        db.ScheduledJobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.JobId == jobId, cancellationToken);

    private async Task<Outcome<ScheduledJob>> SaveAsync(ScheduledJob job, JobInput input, Actor actor, string action, bool isNew,
        CancellationToken cancellationToken)
    {
        if (JobRules.Validate(input) is { } error)
        {
            return Outcome<ScheduledJob>.Invalid(error);
        }

        var service = await db.Services.AsNoTracking().FirstAsync(s => s.Id == job.ServiceId, cancellationToken);
        if (Refusal(service) is { } refused)
        {
            return refused;
        }

        var stackServices = service.Kind == ServiceKind.Compose ? await StackServicesAsync(service, cancellationToken) : [];
        if (JobRules.CheckComposeService(service.Kind, service.Name, input.ComposeService, stackServices) is { } composeError)
        {
            return Outcome<ScheduledJob>.Invalid(composeError);
        }

        var name = input.Name.Trim();
        if (await db.ScheduledJobs.AnyAsync(j => j.ServiceId == job.ServiceId && j.Name == name && j.Id != job.Id, cancellationToken))
        {
            return Outcome<ScheduledJob>.Conflict($"name: this service already has a job named \"{name}\"; choose another name.");
        }

        var now = clock.GetUtcNow();
        job.Name = name;
        job.Command = input.Command.Trim();
        job.ComposeService = service.Kind == ServiceKind.Compose ? input.ComposeService!.Trim() : null;
        job.Schedule = JobRules.Schedule(input.Schedule);
        job.TimeZone = Backups.BackupSchedule.FindZone(input.TimeZone)!.Id;
        job.TimeoutSeconds = input.TimeoutSeconds;
        job.Retries = input.Retries;
        job.BackoffSeconds = input.BackoffSeconds;
        job.Overlap = input.Overlap;
        job.Enabled = input.Enabled;
        job.NextRunAt = JobRules.NextRun(job, now);
        job.UpdatedAt = now;
        if (isNew)
        {
            db.ScheduledJobs.Add(job);
        }

        audit.Add(actor, action, name, $"service {job.ServiceId}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ScheduledJob>.Ok(job);
    }

    /// <summary>For a compose stack, the compose services a job may name (those of its live deployment); null for any other service.</summary>
    public async Task<IReadOnlyList<string>?> ComposeServicesAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        return service?.Kind == ServiceKind.Compose ? await StackServicesAsync(service, cancellationToken) : null;
    }

    /// <summary>The compose services of the stack's live deployment (its stack file).</summary>
    public async Task<IReadOnlyList<string>> StackServicesAsync(Service service, CancellationToken cancellationToken)
    {
        var file = service.LiveDeploymentId is { } liveId
            ? await db.Deployments.AsNoTracking().Where(d => d.Id == liveId).Select(d => d.StackFile).FirstOrDefaultAsync(cancellationToken)
            : null;
        return file is null ? [] : Compose.StackFileText.ServiceNames(file);
    }

    private static Outcome<ScheduledJob>? Refusal(Service service) =>
        service.Kind is not (ServiceKind.Application or ServiceKind.Compose)
            ? Outcome<ScheduledJob>.Invalid($"Scheduled jobs run on applications and compose stacks; {service.Name} is neither.")
            : service.LiveDeploymentId is null
                ? Outcome<ScheduledJob>.Conflict(NotDeployed(service))
                : null;

    private static string NotDeployed(Service service) =>
        $"{service.Name} has never been deployed: a job runs from the live version's image. Deploy it first, then add the job.";
}
