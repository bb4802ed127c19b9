using DropIt.Panel.Core.Certificates;
using Hangfire;

namespace DropIt.Panel.Web.Jobs;

/// <summary>Certificate orders and the periodic renewal; the work is <see cref="CertificateIssuer"/>'s.</summary>
public sealed class CertificateJobs(CertificateIssuer issuer)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Certificate for service {0}")]
    public Task IssueAsync(Guid serviceId, CancellationToken cancellationToken) => issuer.IssueAsync(serviceId, cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(600)]
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        await issuer.RemoveUnusedAsync(cancellationToken);
        await issuer.RenewDueAsync(cancellationToken);
    }
}

internal sealed class HangfireCertificateQueue(IBackgroundJobClient jobs) : ICertificateQueue
{
    public void Enqueue(Guid serviceId) => jobs.Enqueue<CertificateJobs>(j => j.IssueAsync(serviceId, CancellationToken.None));
}
