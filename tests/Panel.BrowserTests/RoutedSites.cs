using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.BrowserTests;

/// <summary>Live static sites for the routing tests (no Docker needed: the edge is nginx on loopback), made through Core.</summary>
internal static class RoutedSites
{
    public const string Marker = "<h1>Routed site</h1>";

    /// <summary>A project with a static site whose first release is live, and the domains given.</summary>
    public static async Task<(Guid ProjectId, Guid SiteId)> LiveAsync(PanelFactory panel, string project, string site,
        CancellationToken cancellationToken, params string[] httpHosts)
    {
        var projectId = await panel.WithScopeAsync(async sp => (await sp.GetRequiredService<ProjectService>()
            .CreateAsync(project, null, Actor.System, cancellationToken)).Value!.Id);
        var siteId = await panel.WithScopeAsync(async sp => (await sp.GetRequiredService<StaticSiteCatalog>()
            .CreateAsync(projectId, new StaticSiteInput(site), Actor.System, cancellationToken)).Value!.Id);
        foreach (var host in httpHosts)
        {
            var added = await panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>()
                .AddAsync(siteId, new DomainInput(host, Https: false), Actor.System, cancellationToken));
            Assert.True(added.Succeeded, added.Error);
        }

        var zip = HostileZips.Site(new Dictionary<string, string> { ["index.html"] = $"<!doctype html><title>{site}</title>{Marker}" });
        var release = await panel.WithScopeAsync(sp => sp.GetRequiredService<StaticReleases>()
            .UploadAsync(siteId, new MemoryStream(zip), zip.Length, Actor.System, cancellationToken));
        Assert.True(release.Succeeded, release.Error);
        return (projectId, siteId);
    }

    /// <summary>The site's Traefik file once it holds <paramref name="host"/>.</summary>
    public static Task<string> RouteFileAsync(PanelFactory panel, Guid siteId, string host)
    {
        var path = Path.Combine(panel.DataPath, "traefik", "dynamic", TraefikFiles.Service(siteId));
        return Eventually.MatchesAsync(
            async () => File.Exists(path) ? await File.ReadAllTextAsync(path) : "",
            text => text.Contains($"Host(`{host}`)", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            $"the route file of {host}");
    }
}
