using System.Security.Cryptography;
using DropIt.Panel.Core.Certificates.Acme;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Certificates;

/// <summary>Renewal, clean-up and the ACME account of <see cref="CertificateIssuer"/>.</summary>
public sealed partial class CertificateIssuer
{
    /// <summary>Renews certificates past two thirds of their lifetime and orders missing ones; returns how many it tried.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var withHttps = await db.Domains.Where(d => d.Https).Select(d => d.ServiceId).Distinct().ToListAsync(cancellationToken);
        var existing = await db.Certificates.AsNoTracking().Where(c => c.Source == CertificateSource.Acme && c.ServiceId != null)
            .ToListAsync(cancellationToken);
        var custom = await db.Certificates.Where(c => c.Source == CertificateSource.Custom).Select(c => c.ServiceId).ToListAsync(cancellationToken);
        withHttps.RemoveAll(id => custom.Contains(id));
        var due = withHttps.Where(serviceId => existing.FirstOrDefault(c => c.ServiceId == serviceId) is not { } c
                || c.State != CertificateState.Valid && (c.RetryAfter is null || c.RetryAfter <= now)
                || c.NotBefore is { } start && c.NotAfter is { } end && now >= start + (end - start) * 2 / 3)
            .ToList();
        var panel = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ServiceId == null && c.Source == CertificateSource.Acme, cancellationToken);
        var panelNames = await PanelNamesAsync(cancellationToken);
        if (panelNames.Count > 0 && (panel is null || !panel.Names.SequenceEqual(panelNames)
            || panel.State != CertificateState.Valid && (panel.RetryAfter is null || panel.RetryAfter <= now)
            || panel.NotBefore is { } from && panel.NotAfter is { } to && now >= from + (to - from) * 2 / 3))
        {
            due.Add(PanelCertificate);
        }

        foreach (var serviceId in due)
        {
            await IssueAsync(serviceId, cancellationToken);
        }

        return due.Count;
    }

    /// <summary>Revokes and deletes a service's certificate once it has no HTTPS domain left.</summary>
    public async Task<int> RemoveUnusedAsync(CancellationToken cancellationToken)
    {
        using (await oneAtATime.EnterAsync(cancellationToken))
        {
            return await RemoveUnusedLockedAsync(cancellationToken);
        }
    }

    private async Task<int> RemoveUnusedLockedAsync(CancellationToken cancellationToken)
    {
        var withHttps = await db.Domains.Where(d => d.Https).Select(d => d.ServiceId).Distinct().ToListAsync(cancellationToken);
        var unused = await db.Certificates.Where(c => c.Source == CertificateSource.Acme && c.ServiceId != null && !withHttps.Contains(c.ServiceId!.Value))
            .ToListAsync(cancellationToken);
        foreach (var certificate in unused)
        {
            if (options.Value.Enabled && certificate.State == CertificateState.Valid && files.Exist(certificate.Id))
            {
                try
                {
                    var client = await AccountAsync(cancellationToken);
                    await client.RevokeAsync(await File.ReadAllTextAsync(files.FullChain(certificate.Id), cancellationToken), cancellationToken);
                }
                catch (AcmeException e)
                {
                    LogFailed(string.Join(", ", certificate.Names), e.Message);
                }
            }

            files.Delete(certificate.Id);
            db.Certificates.Remove(certificate);
        }

        await db.SaveChangesAsync(cancellationToken);
        return unused.Count;
    }

    /// <summary>Replaces the account key at the CA (RFC 8555 key change); the new key is stored only once the CA took it.</summary>
    public async Task<Outcome<bool>> RollOverAccountKeyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Outcome<bool>.Conflict("Certificates from an ACME directory are turned off (Acme:Enabled is false).");
        }

        using var gate = await oneAtATime.EnterAsync(cancellationToken);
        try
        {
            var client = await AccountAsync(cancellationToken);
            using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await client.RollOverKeyAsync(newKey, cancellationToken);
            var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
            settings.AcmeAccountKeyEncrypted = protector.Protect(AcmeClient.AccountKeyToPem(newKey));
            settings.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            return Outcome<bool>.Ok(true);
        }
        catch (AcmeException e)
        {
            return Outcome<bool>.Invalid($"The CA refused the key change: {e.Message}");
        }
    }

    /// <summary>The ACME client of the panel's account: the key is created once (stored encrypted), the account registered once per directory.</summary>
    private async Task<AcmeClient> AccountAsync(CancellationToken cancellationToken)
    {
        var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
        ECDsa key;
        if (settings.AcmeAccountKeyEncrypted is null)
        {
            key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            settings.AcmeAccountKeyEncrypted = protector.Protect(AcmeClient.AccountKeyToPem(key));
        }
        else
        {
            key = AcmeClient.AccountKeyFromPem(protector.Unprotect(settings.AcmeAccountKeyEncrypted));
        }

        var client = new AcmeClient(http.Client, new Uri(settings.AcmeDirectoryUrl), key, clock, settings.AcmeAccountUrl);
        if (settings.AcmeAccountUrl is null)
        {
            var eab = settings.AcmeEabKeyId is { } kid && settings.AcmeEabHmacKeyEncrypted is { } hmac
                ? new ExternalAccountBinding(kid, protector.Unprotect(hmac))
                : null;
            settings.AcmeAccountUrl = await client.RegisterAsync(settings.AcmeContactEmail, eab, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return client;
    }
}
