using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>
/// At start-up, before the scheduler: every run a stopped panel left queued or running is marked interrupted and its
/// one-off Docker service removed (which kills its container), so no run stays "running"; each job's next run is
/// counted again from now (occurrences missed while the panel was down are not made up for).
/// </summary>
public sealed partial class JobRecovery(IPanelDbContext db, ISwarmOperations swarm, TimeProvider clock, ILogger<JobRecovery> logger)
{
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var left = await db.ScheduledJobRuns.Where(r => r.Status == JobRunStatus.Queued || r.Status == JobRunStatus.Running)
            .ToListAsync(cancellationToken);
        foreach (var run in left)
        {
            run.Status = JobRunStatus.Interrupted;
            run.Error = JobRunRecorder.Interrupted;
            run.EndedAt = now;
        }

        foreach (var job in await db.ScheduledJobs.ToListAsync(cancellationToken))
        {
            job.NextRunAt = JobRules.NextRun(job, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var name in left.Select(r => r.EngineServiceName).OfType<string>().Distinct())
        {
            try
            {
                await swarm.RemoveServiceAsync(name, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRemoveFailed(e, name);
            }
        }

        if (left.Count > 0)
        {
            LogRecovered(left.Count);
        }

        return left.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered from an interrupted run: {Runs} scheduled job run(s) marked interrupted")]
    private partial void LogRecovered(int runs);

    [LoggerMessage(Level = LogLevel.Error, Message = "The one-off Docker service {EngineServiceName} of an interrupted job run could not be removed")]
    private partial void LogRemoveFailed(Exception exception, string engineServiceName);
}
