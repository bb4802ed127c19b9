using System.Text.RegularExpressions;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups.Storage;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Backups;

/// <summary>Backup destinations: S3-compatible buckets and local folders, their secret keys encrypted at rest, and their test.</summary>
public sealed partial class BackupDestinations(IPanelDbContext db, ISecretProtector protector, IBackupStoreFactory stores,
    AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<DestinationView>> ListAsync(CancellationToken cancellationToken)
    {
        var counts = await db.BackupPolicies.GroupBy(p => p.DestinationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return (await db.BackupDestinations.OrderBy(d => d.Name).ToListAsync(cancellationToken))
            .Select(d => DestinationView.Of(d, counts.GetValueOrDefault(d.Id))).ToList();
    }

    public async Task<Outcome<DestinationView>> SaveAsync(Guid? id, DestinationInput input, Actor actor, CancellationToken cancellationToken)
    {
        var destination = id is null ? null : await db.BackupDestinations.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (id is not null && destination is null)
        {
            return Outcome<DestinationView>.NotFound("This destination does not exist.");
        }

        if (Validate(input, destination) is { } error)
        {
            return Outcome<DestinationView>.Invalid(error);
        }

        if (await db.BackupDestinations.AnyAsync(d => d.Name == input.Name.Trim() && d.Id != id, cancellationToken))
        {
            return Outcome<DestinationView>.Conflict($"A destination named \"{input.Name.Trim()}\" exists already.");
        }

        destination ??= db.BackupDestinations.Add(new BackupDestination { Id = Guid.CreateVersion7(), Name = "", CreatedAt = clock.GetUtcNow() }).Entity;
        destination.Name = input.Name.Trim();
        destination.Kind = input.Kind;
        destination.Prefix = (input.Prefix ?? "").Trim();
        destination.Endpoint = input.Kind == DestinationKind.S3 ? Blank(input.Endpoint) : null;
        destination.Region = input.Kind == DestinationKind.S3 ? Blank(input.Region) ?? "us-east-1" : null;
        destination.Bucket = input.Kind == DestinationKind.S3 ? Blank(input.Bucket) : null;
        destination.PathStyle = input.PathStyle;
        destination.AccessKey = input.Kind == DestinationKind.S3 ? Blank(input.AccessKey) : null;
        if (input.Kind == DestinationKind.S3 && !string.IsNullOrEmpty(input.SecretKey))
        {
            destination.SecretKeyEncrypted = protector.Protect(input.SecretKey);
        }
        else if (input.Kind != DestinationKind.S3)
        {
            destination.SecretKeyEncrypted = null;
        }

        destination.LocalPath = input.Kind == DestinationKind.Local ? Blank(input.LocalPath) : null;
        audit.Add(actor, AuditActions.BackupDestinationSaved, destination.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<DestinationView>.Ok(DestinationView.Of(destination, 0));
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var destination = await db.BackupDestinations.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (destination is null)
        {
            return Outcome<bool>.NotFound("This destination does not exist.");
        }

        var used = await db.BackupPolicies.Where(p => p.DestinationId == id).Select(p => p.SubjectName).ToListAsync(cancellationToken);
        if (used.Count > 0)
        {
            return Outcome<bool>.Conflict($"Backups of {string.Join(", ", used)} go to this destination: change or delete those policies first.");
        }

        db.BackupDestinations.Remove(destination);
        audit.Add(actor, AuditActions.BackupDestinationDeleted, destination.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Writes, reads back and deletes a probe object; the result carries the storage's own error.</summary>
    public async Task<Outcome<ProbeResult>> TestAsync(Guid id, CancellationToken cancellationToken)
    {
        var destination = await db.BackupDestinations.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (destination is null)
        {
            return Outcome<ProbeResult>.NotFound("This destination does not exist.");
        }

        try
        {
            using var store = stores.Open(destination);
            return Outcome<ProbeResult>.Ok(await new DestinationProbe().ProbeAsync(store, cancellationToken));
        }
        catch (BackupStoreException e)
        {
            return Outcome<ProbeResult>.Ok(new ProbeResult(false, e.Message));
        }
    }

    private static string? Validate(DestinationInput input, BackupDestination? existing)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > BackupDestination.NameMaxLength)
        {
            return $"Give the destination a name of 1 to {BackupDestination.NameMaxLength} characters.";
        }

        if (input.Kind == DestinationKind.Local)
        {
            return string.IsNullOrWhiteSpace(input.LocalPath) || !Path.IsPathFullyQualified(input.LocalPath.Trim())
                ? "A local destination needs an absolute folder, such as /var/backups/dropit."
                : null;
        }

        if (string.IsNullOrWhiteSpace(input.Bucket) || !BucketName().IsMatch(input.Bucket.Trim()))
        {
            return "Give the bucket's name: 3 to 63 lowercase letters, digits, dots or hyphens.";
        }

        if (!string.IsNullOrWhiteSpace(input.Endpoint) && !(Uri.TryCreate(input.Endpoint.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return "The endpoint must be an http:// or https:// URL, such as https://s3.eu-west-3.amazonaws.com.";
        }

        if (string.IsNullOrWhiteSpace(input.AccessKey))
        {
            return "Give the access key.";
        }

        return string.IsNullOrEmpty(input.SecretKey) && string.IsNullOrEmpty(existing?.SecretKeyEncrypted) ? "Give the secret key." : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
