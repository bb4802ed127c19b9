using Hangfire;

namespace DropIt.Panel.Web.Jobs;

internal sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<AuditRetentionJob>("audit-retention", j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
        jobs.AddOrUpdate<CertificateJobs>("certificate-renewal", j => j.RenewAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
