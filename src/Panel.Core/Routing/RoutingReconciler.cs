using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// Makes Traefik's folder match the database: one file per routed service (live upstream from
/// <see cref="LiveUpstreams"/>, domains, certificate files that exist), the shared middlewares, the panel's
/// routes and <c>traefik.yml</c>. Stale panel files go; files the panel did not write stay.
/// </summary>
public sealed class RoutingReconciler(
    IPanelDbContext db,
    LiveUpstreams upstreams,
    CertificateFiles certificateFiles,
    DataDirectory data,
    TraefikNetworks traefikNetworks,
    OneAtATime<RoutingReconciler> oneAtATime,
    IOptions<TraefikOptions> options)
{
    /// <summary>
    /// Writes every file that differs from the database. A file that cannot be built, is refused by the schema or
    /// cannot be written is left as it was and reported in <see cref="ReconcileSummary.Refused"/>; the others are
    /// written all the same, so one service's problem never holds back another's route.
    /// </summary>
    public async Task<ReconcileSummary> ReconcileAsync(CancellationToken cancellationToken)
    {
        var schema = await TraefikSchema.LoadAsync();
        using (await oneAtATime.EnterAsync(cancellationToken))
        {
            // Read inside the lock: a reconciliation that waited never writes (or leaves networks by) an older state.
            var services = await RoutedServicesAsync(cancellationToken);
            var panel = await PanelRouteAsync(cancellationToken);
            var plan = TraefikConfigBuilder.PlanDynamicFolder(services, panel);
            var projects = await RoutedProjectsAsync(services, cancellationToken);

            // Traefik reaches a project's services once it is on their network: it joins before their routes exist.
            await traefikNetworks.JoinAsync(projects, cancellationToken);
            var staticRefusal = await WriteStaticFileAsync(cancellationToken);
            var summary = await new DynamicFolderWriter(data.TraefikDynamic, schema).ReconcileAsync(plan, cancellationToken);
            await traefikNetworks.LeaveOthersAsync(projects, cancellationToken);
            return staticRefusal is null ? summary : summary with { Refused = [staticRefusal, .. summary.Refused] };
        }
    }

    /// <summary>
    /// Reconciles every file (as <see cref="ReconcileAsync"/>) and reports the one of <paramref name="serviceId"/>:
    /// what a deployment awaits before it lets its previous version go.
    /// </summary>
    public async Task<ServiceRouteResult> ReconcileServiceAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var fileName = TraefikFiles.Service(serviceId);
        var path = Path.Combine(data.TraefikDynamic, fileName);
        try
        {
            var summary = await ReconcileAsync(cancellationToken);
            return new ServiceRouteResult(path, summary.Refused.FirstOrDefault(r => r.FileName == fileName)?.Reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself could not be created or listed: no file in it was written.
            return new ServiceRouteResult(path, e.Message);
        }
    }

    private async Task<RefusedFile?> WriteStaticFileAsync(CancellationToken cancellationToken)
    {
        try
        {
            var staticFile = TraefikConfigBuilder.StaticConfig(new TraefikStaticOptions(InTraefik(data.TraefikDynamic)));
            if (!File.Exists(data.TraefikStatic) || await File.ReadAllTextAsync(data.TraefikStatic, cancellationToken) != staticFile.Content)
            {
                // A fresh data folder has no traefik/ yet: the dynamic folder's writer makes it only after this file.
                Directory.CreateDirectory(Path.GetDirectoryName(data.TraefikStatic)!);
                var temporary = data.TraefikStatic + ".tmp";
                await File.WriteAllTextAsync(temporary, staticFile.Content, cancellationToken);
                File.Move(temporary, data.TraefikStatic, overwrite: true);
            }

            return null;
        }
        catch (Exception e) when (e is RoutingConfigException or IOException or UnauthorizedAccessException)
        {
            return new RefusedFile(TraefikFiles.StaticConfig, e);
        }
    }

    private async Task<List<RoutedService>> RoutedServicesAsync(CancellationToken cancellationToken)
    {
        var live = (await upstreams.ListAsync(cancellationToken)).ToDictionary(u => u.ServiceId);
        var ids = live.Keys.ToList();
        var domains = await db.Domains.AsNoTracking().Where(d => ids.Contains(d.ServiceId)).ToListAsync(cancellationToken);
        var names = await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.ServiceId != null).ToListAsync(cancellationToken);
        return domains.GroupBy(d => d.ServiceId).Select(group =>
        {
            var upstream = live[group.Key];
            var certificate = certificates.Where(c => c.ServiceId == group.Key && certificateFiles.Exist(c.Id))
                .OrderBy(c => c.Source == CertificateSource.Custom ? 0 : 1).FirstOrDefault();
            var port = upstream.FixedPort ? upstream.Port : group.Select(d => d.Port).FirstOrDefault(p => p is not null) ?? upstream.Port;
            var ordered = group.OrderBy(d => d.Host, StringComparer.Ordinal).ThenBy(d => d.PathPrefix, StringComparer.Ordinal).ToList();
            var composeUrls = ordered.ToDictionary(d => d.Id, d => upstream.ComposeUrl(d.ComposeService, d.Port));
            if (upstream.StackName is not null && composeUrls.Values.All(u => u is null))
            {
                return null;
            }

            var serviceUrl = upstream.StackName is null ? $"http://{upstream.Host}:{port}" : composeUrls.Values.First(u => u is not null)!;
            return new RoutedService(group.Key, names[group.Key], serviceUrl, ordered
                .Where(d => upstream.StackName is null || composeUrls[d.Id] is not null)
                .Select(d => new RoutedDomain(d.Host, d.PathPrefix, d.Https, d.RedirectToHttps,
                    d.BasicAuthUsers.Select(u => new Traefik.BasicAuthUser(u.Name, u.PasswordHash)).ToList(),
                    (Traefik.WwwRedirect)(int)d.WwwRedirect,
                    d.Https && certificate is not null && certificate.Names.Contains(d.Host) ? InTraefik(certificateFiles.FullChain(certificate.Id)) : null,
                    d.Https && certificate is not null && certificate.Names.Contains(d.Host) ? InTraefik(certificateFiles.PrivateKey(certificate.Id)) : null,
                    composeUrls[d.Id]))
                .ToList());
        }).OfType<RoutedService>().ToList();
    }

    /// <summary>The projects of the routed applications and compose services (static sites are served by the edge, on the proxy network).</summary>
    private async Task<List<Guid>> RoutedProjectsAsync(List<RoutedService> services, CancellationToken cancellationToken)
    {
        var ids = services.Select(s => s.ServiceId).ToList();
        return await db.Services.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && (s.Kind == Projects.ServiceKind.Application || s.Kind == Projects.ServiceKind.Compose))
            .Select(s => s.ProjectId).Distinct().ToListAsync(cancellationToken);
    }

    private async Task<PanelRoute> PanelRouteAsync(CancellationToken cancellationToken)
    {
        var settings = await db.PanelSettings.AsNoTracking().SingleAsync(s => s.Id == PanelSettings.SingletonId, cancellationToken);
        var panelCertificates = await db.Certificates.AsNoTracking().Where(c => c.ServiceId == null).ToListAsync(cancellationToken);
        return new PanelRoute(settings.PanelDomain, options.Value.PanelUpstreamUrl,
            settings.DashboardUsers.Count > 0 ? settings.DashboardDomain : null,
            settings.DashboardUsers.Select(u => new Traefik.BasicAuthUser(u.Name, u.PasswordHash)).ToList(),
            panelCertificates.Where(c => certificateFiles.Exist(c.Id))
                .Select(c => new TlsCertificateFile(InTraefik(certificateFiles.FullChain(c.Id)), InTraefik(certificateFiles.PrivateKey(c.Id))))
                .ToList());
    }

    /// <summary>A path under the data folder as Traefik sees it.</summary>
    private string InTraefik(string path) =>
        string.IsNullOrWhiteSpace(options.Value.DataPathInTraefik)
            ? path
            : Path.Combine(options.Value.DataPathInTraefik, Path.GetRelativePath(data.Root, path)).Replace('\\', '/');
}
