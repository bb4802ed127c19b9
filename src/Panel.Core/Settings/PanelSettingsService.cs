using System.Net.Mail;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Settings;

public sealed class PanelSettingsService(IPanelDbContext db, ICertificateQueue certificates, RouteChanges routes, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<PanelSettings> GetAsync(CancellationToken cancellationToken) =>
        await db.PanelSettings.AsNoTracking().Where(p => p.Id == PanelSettings.SingletonId).FirstOrDefaultAsync(cancellationToken) ?? new PanelSettings();

    public async Task<Outcome<PanelSettings>> UpdateAsync(string? panelDomain, string? acmeEmail, Actor actor,
        CancellationToken cancellationToken)
    {
        var domain = string.IsNullOrWhiteSpace(panelDomain) ? null : panelDomain.Trim().TrimEnd('.');
        string? asciiDomain = null;
        if (domain is not null && !HostNames.TryNormalize(domain, out asciiDomain, out var hostError))
        {
            return Outcome<PanelSettings>.Invalid($"Panel domain: {hostError}");
        }

        var email = string.IsNullOrWhiteSpace(acmeEmail) ? null : acmeEmail.Trim();
        if (email is not null && !IsEmail(email))
        {
            return Outcome<PanelSettings>.Invalid(
                $"\"{email}\" is not an email address. The CA sends expiry warnings to this address.");
        }

        var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new PanelSettings();
            db.PanelSettings.Add(settings);
        }

        var changes = new List<string>();
        if (settings.PanelDomain != asciiDomain)
        {
            changes.Add($"panel domain: {asciiDomain ?? "(none)"}");
            settings.PanelDomain = asciiDomain;
        }

        if (settings.AcmeContactEmail != email)
        {
            changes.Add($"ACME contact email: {email ?? "(none)"}");
            settings.AcmeContactEmail = email;
        }

        if (changes.Count > 0)
        {
            settings.UpdatedAt = clock.GetUtcNow();
            audit.Add(actor, AuditActions.SettingsUpdated, "panel settings", string.Join("; ", changes));
            await db.SaveChangesAsync(cancellationToken);
            routes.PublishPanel();
            if (asciiDomain is not null)
            {
                certificates.Enqueue(CertificateIssuer.PanelCertificate);
            }
        }

        return Outcome<PanelSettings>.Ok(settings);
    }

    /// <summary>
    /// Whether project networks created from now on are encrypted (decision 030). A network keeps how it was created:
    /// existing ones change only when recreated (delete the project's services and the project, or remove the network by hand).
    /// </summary>
    public async Task<Outcome<PanelSettings>> SetEncryptNetworksAsync(bool encrypt, Actor actor, CancellationToken cancellationToken)
    {
        var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new PanelSettings();
            db.PanelSettings.Add(settings);
        }

        if (settings.EncryptNetworks != encrypt)
        {
            settings.EncryptNetworks = encrypt;
            settings.UpdatedAt = clock.GetUtcNow();
            audit.Add(actor, AuditActions.SettingsUpdated, "panel settings",
                $"encrypted project networks: {(encrypt ? "on" : "off")} (for networks created from now on)");
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<PanelSettings>.Ok(settings);
    }

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
