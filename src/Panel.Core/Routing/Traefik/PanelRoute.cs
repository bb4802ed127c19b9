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

/// <summary>What <c>traefik.yml</c> needs to know.</summary>
/// <param name="DynamicDirectory">The dynamic folder as Traefik sees it (inside its container).</param>
/// <param name="LogLevel">TRACE, DEBUG, INFO, WARN, ERROR, FATAL or PANIC.</param>
/// <param name="HttpPort">Port of the <c>web</c> entry point.</param>
/// <param name="HttpsPort">Port of the <c>websecure</c> entry point.</param>
public sealed record TraefikStaticOptions(string DynamicDirectory, string LogLevel = "INFO", int HttpPort = 80, int HttpsPort = 443);

/// <summary>A generated configuration file: its name in its folder and its full text.</summary>
public sealed record GeneratedFile(string FileName, string Content);
