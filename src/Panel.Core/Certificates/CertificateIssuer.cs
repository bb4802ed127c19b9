using DropIt.Panel.Core.Certificates.Acme;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Certificates;

/// <summary>
/// Orders, renews and revokes the certificate of each service's HTTPS hosts (one order for all of them),
/// with the panel's ACME account. Failures are kept on the certificate with the CA's own words; the files
/// of the previous certificate stay in use until new ones are written.
/// </summary>
public sealed partial class CertificateIssuer(
    IPanelDbContext db,
    ISecretProtector protector,
    AcmeHttp http,
    DatabaseChallengeStore challenges,
    CertificateFiles files,
    RouteChanges routes,
    OneAtATime<CertificateIssuer> oneAtATime,
    IOptions<AcmeOptions> options,
    TimeProvider clock,
    ILogger<CertificateIssuer> logger)
{
    /// <summary>Pass as the service id for the certificate of the panel's own domain and the dashboard's.</summary>
    public static readonly Guid PanelCertificate = Guid.Empty;

    /// <summary>Orders (or renews) the certificate of a service's HTTPS hosts now, unless a failed attempt asks to wait.</summary>
    public Task<Outcome<Certificate>> IssueAsync(Guid serviceId, CancellationToken cancellationToken) =>
        IssueGatedAsync(serviceId, byPerson: false, cancellationToken);

    /// <summary>
    /// Retry or Renew asked by a person: the panel's own pause after a failure is skipped, a wait the CA asked for
    /// (<c>rateLimited</c>) is not.
    /// </summary>
    public Task<Outcome<Certificate>> IssueNowAsync(Guid serviceId, CancellationToken cancellationToken) =>
        IssueGatedAsync(serviceId, byPerson: true, cancellationToken);

    private async Task<Outcome<Certificate>> IssueGatedAsync(Guid serviceId, bool byPerson, CancellationToken cancellationToken)
    {
        // One ACME operation at a time in the panel: the account is registered once, a key change never races an
        // order signed with the old key, and a service never has two orders.
        using (await oneAtATime.EnterAsync(cancellationToken))
        {
            return await IssueLockedAsync(serviceId, byPerson, cancellationToken);
        }
    }

    private async Task<Outcome<Certificate>> IssueLockedAsync(Guid serviceId, bool byPerson, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Outcome<Certificate>.Conflict("Certificates from an ACME directory are turned off (Acme:Enabled is false).");
        }

        var names = serviceId == PanelCertificate
            ? await PanelNamesAsync(cancellationToken)
            : await db.Domains.Where(d => d.ServiceId == serviceId && d.Https).Select(d => d.Host).Distinct()
                .OrderBy(h => h).ToListAsync(cancellationToken);
        if (names.Count == 0)
        {
            return Outcome<Certificate>.Invalid(serviceId == PanelCertificate
                ? "Set the panel's domain (or the dashboard's) in Settings first."
                : "This service has no HTTPS domain: add one first.");
        }

        Guid? owner = serviceId == PanelCertificate ? null : serviceId;
        if (await db.Certificates.AnyAsync(c => c.ServiceId == owner && c.Source == CertificateSource.Custom, cancellationToken))
        {
            return Outcome<Certificate>.Conflict("This service uses an uploaded certificate; remove it to get one from the ACME directory.");
        }

        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.ServiceId == owner && c.Source == CertificateSource.Acme, cancellationToken);

        var now = clock.GetUtcNow();
        if (certificate is null)
        {
            certificate = new Certificate { Id = Guid.CreateVersion7(), ServiceId = owner, Source = CertificateSource.Acme, CreatedAt = now };
            db.Certificates.Add(certificate);
        }

        var rateLimited = certificate.LastError?.StartsWith(AcmeException.ErrorNamespace + "rateLimited", StringComparison.Ordinal) == true;
        if (certificate.RetryAfter > now && (rateLimited || !byPerson))
        {
            return Outcome<Certificate>.Conflict(rateLimited
                ? $"The CA asked to wait until {certificate.RetryAfter:yyyy-MM-dd HH:mm} UTC before trying again ({certificate.LastError})."
                : $"The last attempt failed; the next one is due at {certificate.RetryAfter:yyyy-MM-dd HH:mm} UTC, or press Retry ({certificate.LastError}).");
        }

        certificate.Names = names;
        certificate.UpdatedAt = now;
        if (certificate.State != CertificateState.Valid)
        {
            certificate.State = CertificateState.Pending;
        }

        await db.SaveChangesAsync(cancellationToken);
        return await OrderAsync(certificate, cancellationToken);
    }

    private async Task<Outcome<Certificate>> OrderAsync(Certificate certificate, CancellationToken cancellationToken)
    {
        try
        {
            var client = await AccountAsync(cancellationToken);
            var issued = await client.ObtainAsync(certificate.Names, challenges, cancellationToken);
            await files.WriteAsync(certificate.Id, issued.FullChainPem, issued.PrivateKeyPem, cancellationToken);
            certificate.State = CertificateState.Valid;
            certificate.Issuer = issued.Issuer;
            certificate.NotBefore = issued.NotBefore;
            certificate.NotAfter = issued.NotAfter;
            certificate.OrderUrl = issued.CertificateUrl;
            certificate.LastError = null;
            certificate.RetryAfter = null;
            LogIssued(string.Join(", ", certificate.Names), issued.NotAfter);
        }
        catch (AcmeException e)
        {
            certificate.State = CertificateState.Failing;
            certificate.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            certificate.RetryAfter = e.RetryAfter ?? clock.GetUtcNow().AddMinutes(15);
            LogFailed(string.Join(", ", certificate.Names), e.Message);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            certificate.State = CertificateState.Failing;
            certificate.LastError = e.Message;
            certificate.RetryAfter = clock.GetUtcNow().AddMinutes(15);
            LogFailed(string.Join(", ", certificate.Names), e.Message);
        }
        catch (HttpRequestException e)
        {
            certificate.State = CertificateState.Failing;
            certificate.LastError = $"The ACME directory does not answer: {e.Message}. Check the directory URL in Settings.";
            certificate.RetryAfter = clock.GetUtcNow().AddMinutes(5);
        }

        certificate.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        if (certificate.ServiceId is { } routedService)
        {
            routes.Publish(routedService);
        }
        else
        {
            routes.PublishPanel();
        }

        return certificate.State == CertificateState.Valid
            ? Outcome<Certificate>.Ok(certificate)
            : Outcome<Certificate>.Invalid($"The certificate could not be issued: {certificate.LastError}");
    }

    private async Task<List<string>> PanelNamesAsync(CancellationToken cancellationToken)
    {
        var settings = await db.PanelSettings.AsNoTracking().Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
        return new[] { settings.PanelDomain, settings.DashboardUsers.Count > 0 ? settings.DashboardDomain : null }
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate issued for {Names}, valid until {NotAfter}")]
    private partial void LogIssued(string names, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate for {Names} failed: {Error}")]
    private partial void LogFailed(string names, string error);
}
