namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>A service the deploy engine runs, with the domains Traefik routes to it.</summary>
/// <param name="ServiceId">Identifies the service; names its file and its routers.</param>
/// <param name="Name">Display name; a slug of it prefixes router names.</param>
/// <param name="UpstreamUrl">Where the service listens inside the network, <c>http://host:port</c>.</param>
/// <param name="Domains">The routed hosts; a service without any gets no file.</param>
public sealed record RoutedService(Guid ServiceId, string Name, string UpstreamUrl, IReadOnlyList<RoutedDomain> Domains);

/// <summary>One host (and path prefix) routed to a service.</summary>
/// <param name="Host">ASCII host name (punycode for internationalised names), lower case.</param>
/// <param name="PathPrefix"><c>/</c> for the whole host, or a prefix such as <c>/api</c>.</param>
/// <param name="Https">Serve the host on the <c>websecure</c> entry point.</param>
/// <param name="RedirectToHttps">With <paramref name="Https"/>, plain HTTP requests are redirected instead of served.</param>
/// <param name="BasicAuth">Users asked for by the browser before the request reaches the service; empty for none.</param>
/// <param name="Www">Which of the apex and the www host is served; the other one redirects to it.</param>
/// <param name="CertificateFile">PEM certificate chain for the host, as Traefik sees the path.</param>
/// <param name="KeyFile">PEM private key matching <paramref name="CertificateFile"/>.</param>
/// <param name="UpstreamUrl">Where this domain goes when not the service's upstream (a compose service's domains each name one).</param>
public sealed record RoutedDomain(
    string Host,
    string PathPrefix,
    bool Https,
    bool RedirectToHttps,
    IReadOnlyList<BasicAuthUser> BasicAuth,
    WwwRedirect Www,
    string? CertificateFile,
    string? KeyFile,
    string? UpstreamUrl = null);

/// <summary>
/// How the apex (<c>example.com</c>) and the www host (<c>www.example.com</c>) of a domain relate. The apex is the
/// host without a leading <c>www.</c>, whichever of the two the domain names.
/// </summary>
public enum WwwRedirect
{
    /// <summary>Only the domain's own host is routed.</summary>
    None,

    /// <summary>The www host is served; the apex redirects to it.</summary>
    ToWww,

    /// <summary>The apex is served; the www host redirects to it.</summary>
    ToApex,
}

/// <summary>A user of a basic-auth protected route.</summary>
/// <param name="Name">User name: letters, digits and . _ @ -.</param>
/// <param name="BcryptHash">A bcrypt hash (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>), never the password itself.</param>
public sealed record BasicAuthUser(string Name, string BcryptHash);
