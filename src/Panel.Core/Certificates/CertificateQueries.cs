using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Certificates;

/// <summary>One row of the certificates list.</summary>
public sealed record CertificateListItem(
    Guid Id,
    IReadOnlyList<string> Names,
    string? Issuer,
    DateTimeOffset? NotAfter,
    CertificateState State,
    string? LastError,
    CertificateSource Source,
    DateTimeOffset? RetryAfter,
    Guid? ServiceId = null,
    DateTimeOffset? NotBefore = null);

public sealed class CertificateQueries(IPanelDbContext db)
{
    /// <summary>Every certificate: failing ones first, then by expiry, soonest first.</summary>
    public async Task<IReadOnlyList<CertificateListItem>> ListAsync(CancellationToken cancellationToken)
    {
        var certificates = await db.Certificates.AsNoTracking()
            .Select(c => new CertificateListItem(c.Id, c.Names, c.Issuer, c.NotAfter, c.State, c.LastError, c.Source, c.RetryAfter, c.ServiceId, c.NotBefore))
            .ToListAsync(cancellationToken);

        // Enums are stored as text, so the database would sort states alphabetically; there are few rows.
        return certificates
            .OrderBy(c => c.State == CertificateState.Failing ? 0 : 1)
            .ThenBy(c => c.NotAfter ?? DateTimeOffset.MaxValue)
            .ThenBy(c => c.Names.Count > 0 ? c.Names[0] : "", StringComparer.Ordinal)
            .ToList();
    }
}
