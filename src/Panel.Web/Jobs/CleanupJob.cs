using DropIt.Panel.Core.Cleanup;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Jobs;

/// <summary>The scheduled disk cleanup; the work is <see cref="DiskCleanup"/>'s.</summary>
public sealed class CleanupJob(DiskCleanup cleanup)
{
    public const string RecurringId = "disk-cleanup";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(3600)]
    [JobDisplayName("Disk cleanup")]
    public Task RunAsync(CancellationToken cancellationToken) => cleanup.RunAsync(dryRun: false, cancellationToken);
}

/// <summary>Schedules <see cref="CleanupJob"/> from <c>Cleanup:IntervalHours</c> (UTC), or unschedules it when <c>Cleanup:Enabled</c> is false.</summary>
internal sealed class CleanupJobRegistration(IRecurringJobManager jobs, IOptions<CleanupOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            jobs.AddOrUpdate<CleanupJob>(CleanupJob.RecurringId, j => j.RunAsync(CancellationToken.None),
                CleanupSchedule.Cron(options.Value.IntervalHours));
        }
        else
        {
            jobs.RemoveIfExists(CleanupJob.RecurringId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
