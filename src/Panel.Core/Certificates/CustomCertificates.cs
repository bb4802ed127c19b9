using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Certificates;

/// <summary>A certificate the admin brings (PEM chain and key) instead of ACME: checked, stored as files, routed.</summary>
public sealed class CustomCertificates(IPanelDbContext db, CertificateFiles files, RouteChanges routes, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Outcome<Certificate>> UploadAsync(Guid serviceId, string? fullChainPem, string? privateKeyPem, Actor actor,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<Certificate>.NotFound("This service does not exist any more.");
        }

        if (string.IsNullOrWhiteSpace(fullChainPem) || string.IsNullOrWhiteSpace(privateKeyPem))
        {
            return Outcome<Certificate>.Invalid("Paste both the certificate chain and the private key, in PEM.");
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(fullChainPem, privateKeyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return Outcome<Certificate>.Invalid(
                $"The certificate and key could not be read together ({e.Message}). Paste the PEM chain (leaf first) and the private key that belongs to it (PEM, not encrypted).");
        }

        using (leaf)
        {
            var now = clock.GetUtcNow();
            if (leaf.NotAfter.ToUniversalTime() <= now.UtcDateTime)
            {
                return Outcome<Certificate>.Invalid($"This certificate expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}.");
            }

            var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())
                .Select(n => n.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
            var certificate = await db.Certificates.FirstOrDefaultAsync(
                c => c.ServiceId == serviceId && c.Source == CertificateSource.Custom, cancellationToken);
            if (certificate is null)
            {
                certificate = new Certificate { Id = Guid.CreateVersion7(), ServiceId = serviceId, Source = CertificateSource.Custom, CreatedAt = now };
                db.Certificates.Add(certificate);
            }

            await files.WriteAsync(certificate.Id, fullChainPem!, privateKeyPem!, cancellationToken);
            certificate.Names = names;
            certificate.State = CertificateState.Valid;
            certificate.Issuer = leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
            certificate.NotBefore = leaf.NotBefore.ToUniversalTime();
            certificate.NotAfter = leaf.NotAfter.ToUniversalTime();
            certificate.LastError = null;
            certificate.RetryAfter = null;
            certificate.UpdatedAt = now;
            audit.Add(actor, AuditActions.CertificateUploaded, service.Name, string.Join(", ", names));
            await db.SaveChangesAsync(cancellationToken);
            routes.Publish(serviceId);
            return Outcome<Certificate>.Ok(certificate);
        }
    }
}
