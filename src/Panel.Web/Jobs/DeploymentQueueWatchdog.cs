using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Jobs;

/// <summary>
/// Hands a deployment that has stayed queued for a minute, while nothing of its service runs, to the job
/// system again: a lost job (storage trouble, a restart at the wrong moment) never leaves it queued forever.
/// Running it twice is safe: only a queued deployment is claimed, atomically.
/// </summary>
internal sealed partial class DeploymentQueueWatchdog(IServiceScopeFactory scopes, IDeploymentQueue queue, TimeProvider clock,
    ILogger<DeploymentQueueWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
                var before = clock.GetUtcNow() - StuckAfter;
                var stuck = await db.Deployments.AsNoTracking()
                    .Where(d => d.Status == DeploymentStatus.Queued && d.CreatedAt < before
                        && !db.Deployments.Any(r => r.ServiceId == d.ServiceId && r.Status == DeploymentStatus.Running))
                    .Select(d => d.Id)
                    .ToListAsync(stoppingToken);
                foreach (var id in stuck)
                {
                    LogRequeued(id);
                    queue.Enqueue(id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {DeploymentId} stayed queued; handed to the job system again")]
    private partial void LogRequeued(Guid deploymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for deployments left queued")]
    private partial void LogFailed(Exception exception);
}
