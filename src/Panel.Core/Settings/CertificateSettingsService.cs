using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Settings;

/// <summary>What the settings page shows of ACME and the dashboard: never a key, only whether one is set.</summary>
public sealed record CertificateSettingsView(
    string AcmeDirectoryUrl, string? AcmeEabKeyId, bool HasEabHmacKey, bool HasAccount, string? DashboardDomain,
    IReadOnlyList<string> DashboardUsers);

/// <summary>ACME directory and External Account Binding; the Traefik dashboard's domain and users.</summary>
public sealed class CertificateSettingsService(IPanelDbContext db, ISecretProtector protector, ICertificateQueue certificates,
    RouteChanges routes, AuditTrail audit, TimeProvider clock)
{
    public async Task<CertificateSettingsView> GetAsync(CancellationToken cancellationToken)
    {
        var s = await db.PanelSettings.AsNoTracking().Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
        return new CertificateSettingsView(s.AcmeDirectoryUrl, s.AcmeEabKeyId, s.AcmeEabHmacKeyEncrypted is not null,
            s.AcmeAccountUrl is not null, s.DashboardDomain, s.DashboardUsers.Select(u => u.Name).ToList());
    }

    /// <summary>
    /// Changes the ACME directory (a new directory means a new account there) and the EAB credentials;
    /// <paramref name="eabHmacKey"/> null keeps the stored key, empty removes it.
    /// </summary>
    public async Task<Outcome<bool>> UpdateAcmeAsync(string? directoryUrl, string? eabKeyId, string? eabHmacKey, Actor actor,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(directoryUrl?.Trim(), UriKind.Absolute, out var directory) || directory.Scheme != "https")
        {
            return Outcome<bool>.Invalid(
                $"The ACME directory is an https URL, e.g. {AcmeDirectories.LetsEncrypt} (or the staging one for tests).");
        }

        var keyId = string.IsNullOrWhiteSpace(eabKeyId) ? null : eabKeyId.Trim();
        if (eabHmacKey is { Length: > 0 } && !IsBase64Url(eabHmacKey.Trim()))
        {
            return Outcome<bool>.Invalid("The EAB HMAC key is the base64url text your CA gave (letters, digits, - and _).");
        }

        var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
        if (settings.AcmeDirectoryUrl != directory.ToString())
        {
            settings.AcmeDirectoryUrl = directory.ToString();
            settings.AcmeAccountUrl = null;
        }

        if (settings.AcmeEabKeyId != keyId)
        {
            // An account is bound (or not) when it is created: new EAB credentials need a new account.
            settings.AcmeAccountUrl = null;
        }

        settings.AcmeEabKeyId = keyId;
        if (eabHmacKey is not null)
        {
            settings.AcmeEabHmacKeyEncrypted = eabHmacKey.Length == 0 ? null : protector.Protect(eabHmacKey.Trim());
        }

        settings.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.SettingsUpdated, "ACME", $"directory {settings.AcmeDirectoryUrl}; EAB {(keyId is not null && settings.AcmeEabHmacKeyEncrypted is not null ? "on" : "off")}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The dashboard's domain and users; <paramref name="users"/> null keeps the current users.</summary>
    public async Task<Outcome<bool>> UpdateDashboardAsync(string? domain, IReadOnlyList<BasicAuthInput>? users, Actor actor,
        CancellationToken cancellationToken)
    {
        string? host = null;
        if (!string.IsNullOrWhiteSpace(domain) && !HostNames.TryNormalize(domain, out host, out var error))
        {
            return Outcome<bool>.Invalid($"Dashboard domain: {error}");
        }

        var settings = await db.PanelSettings.Where(p => p.Id == PanelSettings.SingletonId).FirstAsync(cancellationToken);
        if (users is not null)
        {
            if (users.Any(u => u.Password.Length < 10 || !DomainService.IsUserName(u.Name.Trim())))
            {
                return Outcome<bool>.Invalid(
                    "Each dashboard user has a name of 1 to 64 letters, digits, . _ - and a password of at least 10 characters.");
            }

            if (users.Select(u => u.Name.Trim()).Distinct().Count() != users.Count)
            {
                return Outcome<bool>.Invalid("Each dashboard user name appears once.");
            }

            settings.DashboardUsers = users
                .Select(u => new BasicAuthUser { Name = u.Name.Trim(), PasswordHash = BCrypt.Net.BCrypt.HashPassword(u.Password, 10) })
                .ToList();
        }

        if (host is not null && settings.DashboardUsers.Count == 0)
        {
            return Outcome<bool>.Invalid("The dashboard needs at least one user: it is never served without a password.");
        }

        settings.DashboardDomain = host;
        settings.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.SettingsUpdated, "Traefik dashboard", $"domain {host ?? "(none)"}; {settings.DashboardUsers.Count} user(s)");
        await db.SaveChangesAsync(cancellationToken);
        routes.PublishPanel();
        if (host is not null)
        {
            certificates.Enqueue(CertificateIssuer.PanelCertificate);
        }
        return Outcome<bool>.Ok(true);
    }

    private static bool IsBase64Url(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
