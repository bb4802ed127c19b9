using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Where a service's traffic must go now: the Docker service of an application's live deployment, on its
/// port; or the static edge for a static site with an active release (<see cref="FixedPort"/>: a domain's
/// port override does not apply).
/// </summary>
public sealed record LiveUpstream(Guid ServiceId, Guid DeploymentId, string Host, int Port, bool FixedPort = false)
{
    public string Url => $"http://{Host}:{Port}";
}

/// <summary>
/// The single source of truth for routing: the routing layer writes Traefik files from these, and nothing
/// else. A service that is stopped or has never been deployed (a site without a release) has no upstream.
/// </summary>
public sealed class LiveUpstreams(IPanelDbContext db, IOptions<StaticSitesOptions> staticSites)
{
    public async Task<IReadOnlyList<LiveUpstream>> ListAsync(CancellationToken cancellationToken) =>
        [
            .. await Applications(db.Services.AsNoTracking()).ToListAsync(cancellationToken),
            .. (await Sites(db.Services.AsNoTracking()).ToListAsync(cancellationToken)).Select(Edge),
        ];

    public async Task<LiveUpstream?> FindAsync(Guid serviceId, CancellationToken cancellationToken) =>
        await Applications(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).FirstOrDefaultAsync(cancellationToken)
        ?? (await Sites(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).ToListAsync(cancellationToken)).Select(Edge).FirstOrDefault();

    private IQueryable<LiveUpstream> Applications(IQueryable<Service> services) =>
        from s in services
        join d in db.Deployments on s.LiveDeploymentId equals d.Id
        where s.Kind == ServiceKind.Application && !s.Stopped && d.EngineServiceName != null
        select new LiveUpstream(s.Id, d.Id, d.EngineServiceName!, s.Application!.Port, false);

    private static IQueryable<SiteRelease> Sites(IQueryable<Service> services) =>
        services.Where(s => s.Kind == ServiceKind.StaticSite && s.ActiveReleaseId != null)
            .Select(s => new SiteRelease(s.Id, s.ActiveReleaseId!.Value));

    private LiveUpstream Edge(SiteRelease site)
    {
        var edge = new Uri(staticSites.Value.EdgeUpstreamUrl);
        return new LiveUpstream(site.ServiceId, site.ReleaseId, edge.Host, edge.Port, FixedPort: true);
    }

    private sealed record SiteRelease(Guid ServiceId, Guid ReleaseId);
}
