namespace DropIt.Panel.Core.Routing.Traefik;

// Typed model of the part of Traefik v3's dynamic configuration the panel writes. Property names become
// camelCase keys; null properties are left out of the file.

/// <summary>A file of Traefik's file provider.</summary>
public sealed record DynamicConfig(HttpConfig? Http, TlsConfig? Tls = null);

/// <summary><c>http</c>: routers, services and middlewares, keyed by name.</summary>
public sealed record HttpConfig(
    IReadOnlyDictionary<string, HttpRouter>? Routers = null,
    IReadOnlyDictionary<string, HttpService>? Services = null,
    IReadOnlyDictionary<string, HttpMiddleware>? Middlewares = null);

/// <summary>A router: which requests (rule, entry points) go to which service, through which middlewares.</summary>
/// <param name="EntryPoints"><c>web</c> or <c>websecure</c>.</param>
/// <param name="Rule">Matchers such as <c>Host(`example.com`) &amp;&amp; PathPrefix(`/api`)</c>.</param>
/// <param name="Priority">Higher wins among routers whose rules match the same request.</param>
/// <param name="Middlewares">Applied in order; <c>name@file</c> for shared ones, null for none.</param>
/// <param name="Service">The service requests go to.</param>
/// <param name="Tls">Set (even empty) for routers on the HTTPS entry point.</param>
public sealed record HttpRouter(
    IReadOnlyList<string> EntryPoints,
    string Rule,
    int Priority,
    IReadOnlyList<string>? Middlewares,
    string Service,
    RouterTls? Tls);

/// <summary>An empty <c>tls: {}</c>: the certificate is picked by SNI from <c>tls.certificates</c>.</summary>
public sealed record RouterTls;

public sealed record HttpService(LoadBalancer LoadBalancer);

/// <param name="Servers">Upstream instances.</param>
/// <param name="PassHostHeader">Forward the client's Host header to the upstream.</param>
public sealed record LoadBalancer(IReadOnlyList<LoadBalancerServer> Servers, bool PassHostHeader);

public sealed record LoadBalancerServer(string Url);

/// <summary><c>tls</c>: certificate files Traefik serves by SNI.</summary>
public sealed record TlsConfig(IReadOnlyList<TlsCertificate> Certificates);

public sealed record TlsCertificate(string CertFile, string KeyFile);
