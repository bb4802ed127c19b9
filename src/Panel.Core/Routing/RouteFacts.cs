using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing.Traefik;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// What the panel knows of a service's routes: its domains, their certificates, and whether its Traefik file is
/// in the dynamic folder (written only while the service has a live version).
/// </summary>
public sealed record ServiceRouteFacts(
    Guid ServiceId, ServiceKind Kind, bool RouteWritten, IReadOnlyList<DomainView> Domains, IReadOnlyList<CertificateListItem> Certificates)
{
    public static readonly ServiceRouteFacts None = new(Guid.Empty, ServiceKind.Application, false, [], []);
}

/// <summary>Reads <see cref="ServiceRouteFacts"/> for a service, and the "Open" address of each routed service of a project.</summary>
public sealed class RouteFacts(IPanelDbContext db, DataDirectory data)
{
    public async Task<ServiceRouteFacts> ForServiceAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var kind = await db.Services.AsNoTracking().Where(s => s.Id == serviceId).Select(s => (ServiceKind?)s.Kind).FirstOrDefaultAsync(cancellationToken);
        if (kind is null)
        {
            return ServiceRouteFacts.None;
        }

        var domains = (await db.Domains.AsNoTracking().Where(d => d.ServiceId == serviceId).OrderBy(d => d.Host).ThenBy(d => d.PathPrefix)
            .ToListAsync(cancellationToken)).Select(DomainView.From).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.ServiceId == serviceId)
            .Select(c => new CertificateListItem(c.Id, c.Names, c.Issuer, c.NotAfter, c.State, c.LastError, c.Source, c.RetryAfter, c.ServiceId, c.NotBefore))
            .ToListAsync(cancellationToken);
        return new ServiceRouteFacts(serviceId, kind.Value, RouteWritten(serviceId), domains, certificates);
    }

    /// <summary>For each service of the project whose route is written: the address "Open" leads to.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OpenUrlsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var domains = await db.Domains.AsNoTracking().Where(d => db.Services.Any(s => s.Id == d.ServiceId && s.ProjectId == projectId))
            .ToListAsync(cancellationToken);
        return domains.GroupBy(d => d.ServiceId).Where(g => RouteWritten(g.Key))
            .Select(g => (g.Key, Url: RouteServing.OpenUrl(g.Select(DomainView.From))))
            .Where(x => x.Url is not null)
            .ToDictionary(x => x.Key, x => x.Url!);
    }

    private bool RouteWritten(Guid serviceId) => File.Exists(Path.Combine(data.TraefikDynamic, TraefikFiles.Service(serviceId)));
}
