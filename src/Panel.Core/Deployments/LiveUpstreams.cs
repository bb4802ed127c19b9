using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Where a service's traffic must go now: the Docker service of an application's live deployment, on its
/// port; the static edge for a static site with an active release (<see cref="FixedPort"/>: a domain's
/// port override does not apply); or, for a compose service, its stack (<see cref="ComposeUrl"/>).
/// </summary>
public sealed record LiveUpstream(Guid ServiceId, Guid DeploymentId, string Host, int Port, bool FixedPort = false, string? StackName = null,
    string? RoutedComposeServices = null)
{
    public string Url => $"http://{Host}:{Port}";

    /// <summary>
    /// For a compose service, where one of its domains goes: the Swarm service of the compose service the domain names
    /// ("<c>stack_api</c>", balanced by Swarm over its healthy tasks) on the domain's port; null while the live deployment
    /// did not put that compose service on the project network (a domain added since applies at the next deployment).
    /// </summary>
    public string? ComposeUrl(string? composeService, int? port) =>
        StackName is null || composeService is null || port is null || !IsRouted(composeService) ? null
            : $"http://{StackName}_{composeService}:{port}";

    private bool IsRouted(string composeService) =>
        (RoutedComposeServices ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(composeService, StringComparer.Ordinal);
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
            .. await Stacks(db.Services.AsNoTracking()).ToListAsync(cancellationToken),
        ];

    public async Task<LiveUpstream?> FindAsync(Guid serviceId, CancellationToken cancellationToken) =>
        await Applications(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).FirstOrDefaultAsync(cancellationToken)
        ?? (await Sites(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).ToListAsync(cancellationToken)).Select(Edge).FirstOrDefault()
        ?? await Stacks(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<LiveUpstream> Applications(IQueryable<Service> services) =>
        from s in services
        join d in db.Deployments on s.LiveDeploymentId equals d.Id
        where s.Kind == ServiceKind.Application && !s.Stopped && d.EngineServiceName != null
        select new LiveUpstream(s.Id, d.Id, d.EngineServiceName!, s.Application!.Port, false);

    /// <summary>Compose services with a live deployment: each domain names its compose service and port.</summary>
    private IQueryable<LiveUpstream> Stacks(IQueryable<Service> services) =>
        from s in services
        join d in db.Deployments on s.LiveDeploymentId equals d.Id
        where s.Kind == ServiceKind.Compose && !s.Stopped
        select new LiveUpstream(s.Id, d.Id, "", 0, false, s.Compose!.StackName, d.RoutedComposeServices);

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
