namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>Routers of the panel itself: ACME HTTP-01 challenges, the panel's host, Traefik's dashboard.</summary>
internal static class PanelRoutes
{
    public const string PanelService = "dropit-panel";
    public const string DashboardAuth = "dropit-dashboard-auth";

    public static DynamicConfig Build(PanelRoute panel)
    {
        var upstream = RoutingGuard.Upstream(panel.PanelUpstreamUrl, "PanelUpstreamUrl");
        var routers = new SortedDictionary<string, HttpRouter>(StringComparer.Ordinal)
        {
            // Challenges for every host reach the panel, whatever router would otherwise match the host.
            ["dropit-acme-challenge"] = new(
                [EntryPoints.Web],
                $"PathPrefix(`{TraefikConfigBuilder.AcmeChallengePath}`)",
                TraefikConfigBuilder.AcmeChallengePriority,
                null,
                PanelService,
                null),
        };
        var middlewares = new SortedDictionary<string, HttpMiddleware>(StringComparer.Ordinal);
        if (panel.PanelHost is not null)
        {
            var host = RoutingGuard.Host(panel.PanelHost, "PanelHost");
            AddHttps(routers, "dropit-panel", $"Host(`{host}`)", [TraefikFiles.SecurityHeaders, TraefikFiles.Compress], PanelService);
        }

        if (panel.DashboardHost is not null)
        {
            var host = RoutingGuard.Host(panel.DashboardHost, "DashboardHost");
            if (panel.DashboardUsers.Count == 0)
            {
                throw new RoutingConfigException("DashboardUsers", "the dashboard needs at least one user: it shows every route and service.");
            }

            var users = ServiceRoutes.UserEntries(panel.DashboardUsers, "DashboardUsers");
            middlewares[DashboardAuth] = new HttpMiddleware { BasicAuth = new BasicAuthMiddleware(users, RemoveHeader: true) };
            AddHttps(
                routers,
                "dropit-dashboard",
                $"Host(`{host}`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))",
                [DashboardAuth, TraefikFiles.SecurityHeaders],
                "api@internal");
        }

        var certificates = new List<TlsCertificate>();
        for (var i = 0; i < panel.Certificates.Count; i++)
        {
            var file = panel.Certificates[i];
            var certificate = RoutingGuard.CertificatePair(file.CertFile, file.KeyFile, $"Certificates[{i}]")!;
            if (!certificates.Contains(certificate))
            {
                certificates.Add(certificate);
            }
        }

        var services = new SortedDictionary<string, HttpService>(StringComparer.Ordinal)
        {
            [PanelService] = new(new LoadBalancer([new LoadBalancerServer(upstream)], PassHostHeader: true)),
        };
        return new DynamicConfig(
            new HttpConfig(routers, services, middlewares.Count > 0 ? middlewares : null),
            certificates.Count > 0 ? new TlsConfig(certificates) : null);
    }

    /// <summary>An HTTPS router and an HTTP router that redirects to it.</summary>
    private static void AddHttps(
        SortedDictionary<string, HttpRouter> routers, string name, string rule, IReadOnlyList<string> middlewares, string service)
    {
        const int Priority = ServiceRoutes.PriorityBase + 1;
        routers[name + "-https"] = new HttpRouter([EntryPoints.WebSecure], rule, Priority, middlewares, service, new RouterTls());
        routers[name + "-http"] = new HttpRouter([EntryPoints.Web], rule, Priority, [TraefikFiles.RedirectToHttps], service, null);
    }
}
