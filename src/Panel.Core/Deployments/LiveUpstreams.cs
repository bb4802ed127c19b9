using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>Where a service's traffic must go now: the Docker service of its live deployment, on its port.</summary>
public sealed record LiveUpstream(Guid ServiceId, Guid DeploymentId, string Host, int Port)
{
    public string Url => $"http://{Host}:{Port}";
}

/// <summary>
/// The single source of truth for routing: the routing layer writes Traefik files from these, and nothing
/// else. A service that is stopped or has never been deployed has no upstream.
/// </summary>
public sealed class LiveUpstreams(IPanelDbContext db)
{
    public async Task<IReadOnlyList<LiveUpstream>> ListAsync(CancellationToken cancellationToken) =>
        await Query(db.Services.AsNoTracking()).ToListAsync(cancellationToken);

    public Task<LiveUpstream?> FindAsync(Guid serviceId, CancellationToken cancellationToken) =>
        Query(db.Services.AsNoTracking().Where(s => s.Id == serviceId)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<LiveUpstream> Query(IQueryable<Service> services) =>
        from s in services
        join d in db.Deployments on s.LiveDeploymentId equals d.Id
        where s.Kind == ServiceKind.Application && !s.Stopped && d.EngineServiceName != null
        select new LiveUpstream(s.Id, d.Id, d.EngineServiceName!, s.Application!.Port);
}
