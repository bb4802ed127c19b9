using System.Collections.Concurrent;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>
/// Finds the jobs whose schedule is due and the queued runs that may start, on its <see cref="TimeProvider"/>'s time
/// (decision 043): a due job gets a run, waits behind the one going (queue) or is skipped; a queued run starts when its
/// job has none running and its back-off is over; each run executes in the background and is recorded by
/// <see cref="JobRunRecorder"/> when it ends. A missed occurrence (the panel was down) is not made up for.
/// </summary>
public sealed partial class JobScheduler(IServiceScopeFactory scopes, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<JobScheduler> logger)
{
    private readonly SemaphoreSlim ticking = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ConcurrentDictionary<Guid, Task> running = new();

    /// <summary>Asks the loop for a tick now (a run was queued by hand, a run ended).</summary>
    public void Wake()
    {
        try
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Waits for a <see cref="Wake"/> or for <paramref name="delay"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => wake.WaitAsync(delay, cancellationToken);

    /// <summary>Runs in progress in this process.</summary>
    public int Running => running.Count;

    /// <summary>Fires what is due now and starts what may start; the runs go on in the background.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await ticking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
            var recorder = scope.ServiceProvider.GetRequiredService<JobRunRecorder>();
            var now = clock.GetUtcNow();
            await FireDueAsync(db, recorder, now, cancellationToken);
            await StartQueuedAsync(db, now, cancellationToken);
        }
        finally
        {
            ticking.Release();
        }
    }

    /// <summary>Waits until no run is going in this process (tests, shutdown).</summary>
    public async Task WhenIdleAsync()
    {
        while (!running.IsEmpty)
        {
            await Task.WhenAll(running.Values);
        }
    }

    private static async Task FireDueAsync(IPanelDbContext db, JobRunRecorder recorder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await db.ScheduledJobs.Where(j => j.Enabled && j.NextRunAt != null && j.NextRunAt <= now).ToListAsync(cancellationToken);
        foreach (var job in due)
        {
            job.NextRunAt = JobRules.NextRun(job, now);
            await recorder.AddAsync(job, JobRunTrigger.Scheduled, null, now, cancellationToken);
        }
    }

    private async Task StartQueuedAsync(IPanelDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = await db.ScheduledJobRuns.AsNoTracking()
            .Where(r => r.Status == JobRunStatus.Queued || r.Status == JobRunStatus.Running)
            .Select(r => new { r.Id, r.JobId, r.Job!.ServiceId, r.Status, r.CreatedAt, r.NotBefore })
            .ToListAsync(cancellationToken);
        foreach (var runs in active.GroupBy(r => r.JobId))
        {
            // One run of a job at a time, oldest first: a pending retry goes before a run queued after it.
            if (runs.Any(r => r.Status == JobRunStatus.Running)
                || runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).First() is not { } next || next.NotBefore > now)
            {
                continue;
            }

            var claimed = await db.ScheduledJobRuns
                .Where(r => r.Id == next.Id && r.Status == JobRunStatus.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, JobRunStatus.Running).SetProperty(r => r.StartedAt, now),
                    cancellationToken);
            if (claimed == 1)
            {
                LogStarted(next.Id, next.JobId);
                running[next.Id] = Task.Run(() => ExecuteAsync(next.Id, next.JobId, next.ServiceId), CancellationToken.None);
            }
        }
    }

    private async Task ExecuteAsync(Guid runId, Guid jobId, Guid serviceId)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<JobRunEvents>()
                    .Publish(new JobRunChanged(runId, jobId, serviceId, JobRunStatus.Running));
            }

            JobAttempt attempt;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                attempt = await scope.ServiceProvider.GetRequiredService<JobRunner>().RunAsync(runId, lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                attempt = new JobAttempt(JobRunStatus.Interrupted, null, JobRunRecorder.Interrupted, "", null);
            }
            catch (Exception e)
            {
                LogUnexpected(e, runId);
                attempt = new JobAttempt(JobRunStatus.Failed, null, $"The run could not be done: {e.Message}", "", null);
            }

            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<JobRunRecorder>().EndAsync(runId, attempt, clock.GetUtcNow());
            }
        }
        catch (Exception e)
        {
            LogUnexpected(e, runId);
        }
        finally
        {
            running.TryRemove(runId, out _);
            Wake();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of scheduled job {JobId} started")]
    private partial void LogStarted(Guid runId, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of a scheduled job failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, Guid runId);
}
