using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Routing;

/// <summary>How far a domain is from answering a visitor, best first.</summary>
public enum ServingLevel
{
    /// <summary>Routed, Traefik answers, and an HTTPS domain has a valid certificate.</summary>
    Served,

    /// <summary>Routed, but Traefik is not checked (Traefik:PingUrl is empty).</summary>
    Unchecked,

    /// <summary>Served, but not as asked: its certificate is pending, failing or expired.</summary>
    Degraded,

    /// <summary>Nothing answers for it.</summary>
    NotServed,
}

/// <summary>A domain's state in words, as its chip says it.</summary>
public sealed record DomainServing(ServingLevel Level, string Text);

/// <summary>Tells whether a domain is served, from what the panel wrote and what the proxy check found.</summary>
public static class RouteServing
{
    public static DomainServing For(DomainView domain, ServiceRouteFacts facts, ProxyStatus? proxy, DateTimeOffset now)
    {
        if (!facts.RouteWritten)
        {
            return new(ServingLevel.NotServed, facts.Kind == ServiceKind.StaticSite
                ? "not served: no release is live yet"
                : "not served: no running version to route to");
        }

        if (proxy is { TraefikDown: true })
        {
            return new(ServingLevel.NotServed, "not served: Traefik unreachable");
        }

        if (facts.Kind == ServiceKind.StaticSite && proxy?.StaticEdge.State == ProbeState.Down)
        {
            return new(ServingLevel.NotServed, "not served: the static edge is down");
        }

        if (domain.Https && Certificate(domain.Host, facts.Certificates, now) is { } problem)
        {
            return new(ServingLevel.Degraded, problem);
        }

        return proxy is null || proxy.Traefik.State == ProbeState.NotChecked
            ? new(ServingLevel.Unchecked, "routed (Traefik not checked)")
            : new(ServingLevel.Served, "served");
    }

    /// <summary>What is wrong with the certificate of an HTTPS host, or null when a valid one covers it.</summary>
    public static string? Certificate(string host, IReadOnlyList<CertificateListItem> certificates, DateTimeOffset now)
    {
        var certificate = certificates.Where(c => c.Names.Contains(host))
            .OrderBy(c => c.Source == CertificateSource.Custom ? 0 : 1).FirstOrDefault();
        return certificate switch
        {
            null => "certificate pending: none issued yet",
            { State: CertificateState.Failing } => $"certificate failing: {certificate.LastError ?? "the last attempt failed"}",
            { NotAfter: { } notAfter } when notAfter <= now => "certificate expired",
            { State: CertificateState.Valid } => null,
            _ => "certificate pending",
        };
    }

    /// <summary>The address "Open" leads to: the first HTTPS domain, else the first HTTP one (whole sites before paths).</summary>
    public static string? OpenUrl(IEnumerable<DomainView> domains)
    {
        var ordered = domains.OrderBy(d => d.PathPrefix == "/" ? 0 : 1).ThenBy(d => d.Host, StringComparer.Ordinal)
            .ThenBy(d => d.PathPrefix, StringComparer.Ordinal).ToList();
        var first = ordered.FirstOrDefault(d => d.Https) ?? ordered.FirstOrDefault();
        return first is null ? null : Url(first);
    }

    public static string Url(DomainView domain) =>
        $"{(domain.Https ? "https" : "http")}://{domain.Host}{(domain.PathPrefix == "/" ? "" : domain.PathPrefix)}";
}
