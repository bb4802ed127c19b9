namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>How Traefik reaches the panel itself and its own dashboard.</summary>
/// <param name="PanelHost">Host name the panel answers on over HTTPS; null when it is only reached by address and port.</param>
/// <param name="PanelUpstreamUrl">Where the panel listens as Traefik sees it, <c>http://host:port</c>.</param>
/// <param name="DashboardHost">Host name of the Traefik dashboard; null to leave the dashboard unrouted.</param>
/// <param name="DashboardUsers">Users allowed on the dashboard; at least one when it is routed.</param>
/// <param name="Certificates">Certificate files for the panel and dashboard hosts.</param>
public sealed record PanelRoute(
    string? PanelHost,
    string PanelUpstreamUrl,
    string? DashboardHost,
    IReadOnlyList<BasicAuthUser> DashboardUsers,
    IReadOnlyList<TlsCertificateFile> Certificates);

/// <summary>A PEM certificate chain and its key, as paths Traefik can read.</summary>
public sealed record TlsCertificateFile(string CertFile, string KeyFile);
