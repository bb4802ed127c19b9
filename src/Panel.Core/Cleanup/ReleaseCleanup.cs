using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>
/// Static site releases past retention, with the rules of an upload: the newest <c>KeepReleases</c> of the site
/// stay, and so do the live release and the ones the <c>previous</c> and <c>older</c> links point to. Release
/// folders without a database row go too (an upload that failed between the two).
/// </summary>
public sealed class ReleaseCleanup(IPanelDbContext db, DataDirectory data, DeploymentCoordinator coordinator)
{
    public async Task<Freed> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var siteIds = await db.Services.AsNoTracking().Where(s => s.Kind == ServiceKind.StaticSite).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        var freed = default(Freed);
        foreach (var siteId in siteIds)
        {
            // Uploads and switches take the same lock: the links read here stay true until the folders are gone.
            using (dryRun ? null : await coordinator.LockServiceAsync(siteId, cancellationToken))
            {
                freed += await CleanSiteAsync(siteId, dryRun, cancellationToken);
            }
        }

        return freed;
    }

    private async Task<Freed> CleanSiteAsync(Guid siteId, bool dryRun, CancellationToken cancellationToken)
    {
        var site = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == siteId, cancellationToken);
        if (site is null)
        {
            return default;
        }

        var folder = data.Site(siteId);
        var linked = new[] { ReleaseLinks.Current, ReleaseLinks.Previous, ReleaseLinks.Older }
            .Select(link => ReleaseLinks.Target(folder, link)).OfType<Guid>().ToHashSet();
        if (site.ActiveReleaseId is { } active)
        {
            linked.Add(active);
        }

        var releases = await db.StaticReleases.Where(r => r.ServiceId == siteId).OrderByDescending(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
        var stale = releases.Skip(site.StaticSite?.KeepReleases ?? 10).Where(r => !linked.Contains(r.Id)).ToList();
        var known = releases.Select(r => r.Id).ToHashSet();
        var orphans = Directory.Exists(Path.Combine(folder, "releases"))
            ? new DirectoryInfo(Path.Combine(folder, "releases")).EnumerateDirectories()
                .Select(d => Guid.TryParse(d.Name, out var id) && data.SiteRelease(siteId, id) == d.FullName ? id : (Guid?)null)
                .OfType<Guid>().Where(id => !known.Contains(id) && !linked.Contains(id)).ToList()
            : [];

        var freed = default(Freed);
        foreach (var id in stale.Select(r => r.Id).Concat(orphans))
        {
            var path = data.SiteRelease(siteId, id);
            var bytes = CleanupFiles.Size(path);
            if (dryRun || !Directory.Exists(path) || CleanupFiles.TryDeleteFolder(path))
            {
                freed += new Freed(1, bytes);
            }
        }

        if (!dryRun && stale.Count > 0)
        {
            db.StaticReleases.RemoveRange(stale.Where(r => !Directory.Exists(data.SiteRelease(siteId, r.Id))));
            await db.SaveChangesAsync(cancellationToken);
        }

        return freed;
    }
}
