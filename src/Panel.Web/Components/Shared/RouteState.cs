using DropIt.Panel.Core.Routing;

namespace DropIt.Panel.Web.Components.Shared;

/// <summary>A service's routes as a page shows them: each domain's state in words and the address "Open" leads to.</summary>
public sealed record RouteState(ServiceRouteFacts Facts, ProxyStatus? Proxy, DateTimeOffset Now)
{
    public DomainServing Serving(DomainView domain) => RouteServing.For(domain, Facts, Proxy, Now);

    /// <summary>The first HTTPS domain (else HTTP) while the service's route is written; null otherwise.</summary>
    public string? OpenUrl => Facts.RouteWritten ? RouteServing.OpenUrl(Facts.Domains) : null;

    /// <summary>The state of the domain <see cref="OpenUrl"/> leads to.</summary>
    public DomainServing? OpenServing =>
        OpenUrl is { } url ? Facts.Domains.Where(d => RouteServing.Url(d) == url).Select(Serving).FirstOrDefault() : null;

    /// <summary>Whether a valid certificate covers an HTTPS domain (the padlock turns green only then).</summary>
    public bool CertificateOk(DomainView domain) => domain.Https && RouteServing.Certificate(domain.Host, Facts.Certificates, Now) is null;
}
