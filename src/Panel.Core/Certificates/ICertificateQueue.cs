namespace DropIt.Panel.Core.Certificates;

/// <summary>Hands a certificate order for a service to the job system, which calls <see cref="CertificateIssuer.IssueAsync"/>.</summary>
public interface ICertificateQueue
{
    void Enqueue(Guid serviceId);
}
