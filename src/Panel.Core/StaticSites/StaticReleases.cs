using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.StaticSites.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>
/// Releases of a static site: an upload is spooled to disk, checked, extracted and made live by swapping the
/// <c>current</c> link, all before the call returns; its compressed twins are written after that, in the background
/// (<see cref="ReleaseCompressor"/>, decision 061). A refused upload leaves
/// nothing behind and the live release untouched. Rollback is the same link swap. An edge that cannot serve
/// (<see cref="StaticReleaseView.EdgeProblem"/>) does not fail the upload: the release is live on disk.
/// </summary>
public sealed partial class StaticReleases(
    IPanelDbContext db,
    DataDirectory data,
    DeploymentCoordinator coordinator,
    StaticEdgeSync edge,
    ReleaseCompressor compressor,
    RouteChanges routes,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<StaticSitesOptions> options,
    ILogger<StaticReleases> logger)
{
    public async Task<IReadOnlyList<StaticReleaseView>> ListAsync(Guid siteId, CancellationToken cancellationToken)
    {
        var active = await db.Services.Where(s => s.Id == siteId).Select(s => s.ActiveReleaseId).FirstOrDefaultAsync(cancellationToken);
        return (await db.StaticReleases.AsNoTracking().Where(r => r.ServiceId == siteId)
                .OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken))
            .Select(r => StaticReleaseView.From(r, active)).ToList();
    }

    /// <summary>Makes the zip in <paramref name="zip"/> the live release. <paramref name="declaredLength"/> refuses an oversized upload before reading it.</summary>
    public async Task<Outcome<StaticReleaseView>> UploadAsync(Guid siteId, Stream zip, long? declaredLength, Actor actor,
        CancellationToken cancellationToken)
    {
        var limits = Limits();
        if (declaredLength > limits.MaxUploadBytes)
        {
            return Outcome<StaticReleaseView>.TooLarge(TooLargeMessage(limits.MaxUploadBytes));
        }

        var site = await FindSiteAsync(siteId, cancellationToken);
        if (site is null)
        {
            return Outcome<StaticReleaseView>.NotFound("This static site does not exist any more.");
        }

        var releaseId = Guid.CreateVersion7();
        var siteFolder = data.Site(siteId);
        var incoming = Path.Combine(siteFolder, "incoming", $"{releaseId}.zip");
        var staging = Path.Combine(siteFolder, "releases", $".{releaseId}.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(incoming)!);
        Directory.CreateDirectory(Path.Combine(siteFolder, "releases"));
        var zipHandedOver = false;
        try
        {
            var zipBytes = await UploadSpool.SaveAsync(zip, incoming, limits.MaxUploadBytes, cancellationToken);
            using (await coordinator.LockServiceAsync(siteId, cancellationToken))
            {
                var live = site.ActiveReleaseId is { } activeId ? data.SiteRelease(siteId, activeId) : null;
                var extracted = ReleaseArchive.Extract(incoming, staging, limits, live, cancellationToken);
                Directory.Move(staging, data.SiteRelease(siteId, releaseId));
                var release = new StaticRelease
                {
                    Id = releaseId,
                    ServiceId = siteId,
                    CreatedAt = clock.GetUtcNow(),
                    UploadedBy = actor.Name,
                    ZipBytes = zipBytes,
                    Bytes = extracted.Bytes,
                    FileCount = extracted.FileCount,
                    UnwrappedFolder = extracted.UnwrappedFolder,
                };
                db.StaticReleases.Add(release);
                audit.Add(actor, AuditActions.ReleaseUploaded, site.Name,
                    $"release {releaseId}: {extracted.FileCount} files, {extracted.Bytes} bytes");
                await SwitchAsync(site, releaseId, cancellationToken);
                await ApplyRetentionAsync(site, cancellationToken);
                LogReleaseLive(siteId, releaseId, extracted.FileCount, extracted.Bytes, extracted.LinkedFiles);
                // The twins wait for the lock this upload holds, so they start once it is answered.
                compressor.Start(siteId, releaseId, incoming, extracted, options.Value.Brotli);
                zipHandedOver = true;
                var edgeProblem = await ApplyEdgeAsync(cancellationToken);
                routes.Publish(siteId);
                return Outcome<StaticReleaseView>.Ok(StaticReleaseView.From(release, releaseId) with { EdgeProblem = edgeProblem });
            }
        }
        catch (ReleaseRejectedException e)
        {
            LogRefused(siteId, e.Reason, e.Message);
            db.ChangeTracker.Clear();
            audit.Add(actor, AuditActions.ReleaseRefused, site.Name, e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            return e.Reason == ReleaseRejection.TooLarge
                ? Outcome<StaticReleaseView>.TooLarge(e.Message)
                : Outcome<StaticReleaseView>.Invalid(e.Message);
        }
        finally
        {
            if (!zipHandedOver)
            {
                File.Delete(incoming);
            }
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Serves an earlier (or later) release again: a link swap, no extraction.</summary>
    public async Task<Outcome<StaticReleaseView>> ActivateAsync(Guid siteId, Guid releaseId, Actor actor, CancellationToken cancellationToken)
    {
        var site = await FindSiteAsync(siteId, cancellationToken);
        var release = await db.StaticReleases.FirstOrDefaultAsync(r => r.Id == releaseId && r.ServiceId == siteId, cancellationToken);
        if (site is null || release is null || !Directory.Exists(data.SiteRelease(siteId, releaseId)))
        {
            return Outcome<StaticReleaseView>.NotFound("This release does not exist any more.");
        }

        using (await coordinator.LockServiceAsync(siteId, cancellationToken))
        {
            if (site.ActiveReleaseId != releaseId)
            {
                audit.Add(actor, AuditActions.ReleaseActivated, site.Name, $"release {releaseId}");
                await SwitchAsync(site, releaseId, cancellationToken);
            }
        }

        var edgeProblem = await ApplyEdgeAsync(cancellationToken);
        routes.Publish(siteId);
        return Outcome<StaticReleaseView>.Ok(StaticReleaseView.From(release, releaseId) with { EdgeProblem = edgeProblem });
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid siteId, Guid releaseId, Actor actor, CancellationToken cancellationToken)
    {
        var site = await FindSiteAsync(siteId, cancellationToken);
        var release = await db.StaticReleases.FirstOrDefaultAsync(r => r.Id == releaseId && r.ServiceId == siteId, cancellationToken);
        if (site is null || release is null)
        {
            return Outcome<bool>.NotFound("This release does not exist any more.");
        }

        using (await coordinator.LockServiceAsync(siteId, cancellationToken))
        {
            if (site.ActiveReleaseId == releaseId)
            {
                return Outcome<bool>.Conflict("This release is live. Activate another release first, then delete this one.");
            }

            audit.Add(actor, AuditActions.ReleaseDeleted, site.Name, $"release {releaseId}");
            Remove(site, release);
            await db.SaveChangesAsync(cancellationToken);
        }

        routes.Publish(siteId);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// The release is live on disk once its link points to it: an edge that cannot take the change does not undo
    /// that. Its reason goes back to the caller (and, once, to the log through <see cref="StaticEdgeStatus"/>).
    /// </summary>
    private async Task<string?> ApplyEdgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await edge.ApplyAsync(cancellationToken);
            return null;
        }
        catch (StaticEdgeException e)
        {
            return e.Message;
        }
    }

    private static string TooLargeMessage(long limit) =>
        $"The upload is larger than the limit of {limit / 1024 / 1024} MB (StaticSites:MaxUploadBytes). Upload a smaller build, or raise the limit.";

    private Task<Service?> FindSiteAsync(Guid siteId, CancellationToken cancellationToken) =>
        db.Services.FirstOrDefaultAsync(s => s.Id == siteId && s.Kind == ServiceKind.StaticSite, cancellationToken);

    private ReleaseLimits Limits() => new(options.Value.MaxUploadBytes, options.Value.MaxFiles, options.Value.MaxUncompressedBytes,
        options.Value.MaxCompressionRatio);

    /// <summary>
    /// <c>older</c> to what was previous, <c>previous</c> to what was live, then <c>current</c> to the new release,
    /// in that order (nginx looks them up in the reverse order), then the database.
    /// </summary>
    private async Task SwitchAsync(Service site, Guid releaseId, CancellationToken cancellationToken)
    {
        var folder = data.Site(site.Id);
        var wasLive = ReleaseLinks.Target(folder, ReleaseLinks.Current);
        if (wasLive is { } old && old != releaseId)
        {
            if (ReleaseLinks.Target(folder, ReleaseLinks.Previous) is { } previous)
            {
                ReleaseLinks.Point(folder, ReleaseLinks.Older, previous);
            }

            ReleaseLinks.Point(folder, ReleaseLinks.Previous, old);
        }

        ReleaseLinks.Point(folder, ReleaseLinks.Current, releaseId);
        site.ActiveReleaseId = releaseId;
        site.Status = ServiceStatus.Running;
        site.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            if (wasLive is { } back)
            {
                ReleaseLinks.Point(folder, ReleaseLinks.Current, back);
            }

            throw;
        }
    }

    /// <summary>Keeps the newest releases the site's setting asks for, and always the ones a link points to.</summary>
    private async Task ApplyRetentionAsync(Service site, CancellationToken cancellationToken)
    {
        var keep = site.StaticSite?.KeepReleases ?? 10;
        var linked = new[] { ReleaseLinks.Current, ReleaseLinks.Previous, ReleaseLinks.Older }
            .Select(link => ReleaseLinks.Target(data.Site(site.Id), link)).ToHashSet();
        var stale = (await db.StaticReleases.Where(r => r.ServiceId == site.Id).OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken))
            .Skip(keep).Where(r => r.Id != site.ActiveReleaseId && !linked.Contains(r.Id)).ToList();
        foreach (var release in stale)
        {
            Remove(site, release);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private void Remove(Service site, StaticRelease release)
    {
        var folder = data.Site(site.Id);
        foreach (var link in new[] { ReleaseLinks.Previous, ReleaseLinks.Older })
        {
            if (ReleaseLinks.Target(folder, link) == release.Id)
            {
                ReleaseLinks.Remove(folder, link);
            }
        }

        db.StaticReleases.Remove(release);
        var path = data.SiteRelease(site.Id, release.Id);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Static site {SiteId}: release {ReleaseId} is live ({Files} files, {Bytes} bytes, {Unchanged} unchanged files shared with the previous release)")]
    private partial void LogReleaseLive(Guid siteId, Guid releaseId, int files, long bytes, int unchanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Static site {SiteId}: upload refused ({Reason}): {Explanation}")]
    private partial void LogRefused(Guid siteId, ReleaseRejection reason, string explanation);
}
