using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>
/// Scheduled jobs for the life of the process: <see cref="JobRecovery"/> once at start-up (after the migrations, before
/// anything runs), then <see cref="JobScheduler"/>'s ticks every few seconds, or at once when woken. On shutdown the runs
/// going on are stopped and recorded as interrupted.
/// </summary>
public sealed partial class JobsBackground(JobScheduler scheduler, IServiceScopeFactory scopes, IOptions<ScheduledJobsOptions> options,
    ILogger<JobsBackground> logger) : BackgroundService, IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobRecovery>().RecoverAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRecoveryFailed(e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        var every = TimeSpan.FromSeconds(options.Value.TickSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogTickFailed(e);
            }

            try
            {
                await scheduler.WaitAsync(every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The runs see the panel stopping (their task is removed) and record themselves as interrupted.
        await Task.WhenAny(scheduler.WhenIdleAsync(), Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for interrupted job runs at start-up; they are checked at the next start")]
    private partial void LogRecoveryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The job scheduler's tick failed; it tries again")]
    private partial void LogTickFailed(Exception exception);
}
