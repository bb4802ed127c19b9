using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Builds one service's routers, middlewares, load balancer and certificates. Names start with the service's
/// slug and id, so no two services (nor the panel's own <c>dropit-</c> routers) can collide in Traefik.
/// </summary>
internal sealed partial class ServiceRoutes
{
    /// <summary>Router priority is this plus the path length: a longer prefix wins over a shorter one on the same host.</summary>
    public const int PriorityBase = 100;

    private readonly SortedDictionary<string, HttpRouter> routers = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, HttpMiddleware> middlewares = new(StringComparer.Ordinal);
    private readonly List<TlsCertificate> certificates = [];
    private readonly Dictionary<string, string> authByUsers = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, HttpService> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> serviceByUpstream = new(StringComparer.Ordinal);
    private readonly string baseName;

    private ServiceRoutes(string baseName) => this.baseName = baseName;

    public static DynamicConfig Build(RoutedService service)
    {
        var routes = new ServiceRoutes(BaseName(service));
        routes.LoadBalancerFor(service.UpstreamUrl, "UpstreamUrl");
        for (var i = 0; i < service.Domains.Count; i++)
        {
            routes.AddDomain(i, service.Domains[i]);
        }

        var http = new HttpConfig(routes.routers, routes.services, routes.middlewares.Count > 0 ? routes.middlewares : null);
        return new DynamicConfig(http, routes.certificates.Count > 0 ? new TlsConfig(routes.certificates) : null);
    }

    /// <summary>
    /// The load balancer of an upstream: the service's own is named after the service; another upstream (a compose
    /// service's domain naming one of its services) gets <c>-u2</c>, <c>-u3</c>... in the order first met.
    /// </summary>
    private string LoadBalancerFor(string upstreamUrl, string field)
    {
        var upstream = RoutingGuard.Upstream(upstreamUrl, field);
        if (serviceByUpstream.TryGetValue(upstream, out var existing))
        {
            return existing;
        }

        var name = services.Count == 0 ? baseName : $"{baseName}-u{services.Count + 1}";
        serviceByUpstream[upstream] = name;
        services[name] = new HttpService(new LoadBalancer([new LoadBalancerServer(upstream)], PassHostHeader: true));
        return name;
    }

    /// <summary><c>&lt;slug of the name&gt;-&lt;id&gt;</c>: readable in Traefik's dashboard, unique by the id.</summary>
    internal static string BaseName(RoutedService service)
    {
        var slug = NotSlugCharacters().Replace(service.Name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
        return $"{(slug.Length == 0 ? "service" : slug)}-{service.ServiceId:N}";
    }

    private void AddDomain(int index, RoutedDomain domain)
    {
        var field = $"Domains[{index}]";
        var host = RoutingGuard.Host(domain.Host, field + ".Host");
        var path = RoutingGuard.Path(domain.PathPrefix, field + ".PathPrefix");
        if (RoutingGuard.CertificatePair(domain.CertificateFile, domain.KeyFile, field) is { } certificate
            && !certificates.Contains(certificate))
        {
            certificates.Add(certificate);
        }

        List<string> serving = [TraefikFiles.SecurityHeaders, TraefikFiles.Compress];
        if (AuthMiddleware(domain.BasicAuth, field + ".BasicAuth") is { } auth)
        {
            serving.Add(auth);
        }

        var name = $"{baseName}-d{index}";
        var target = domain.UpstreamUrl is null ? baseName : LoadBalancerFor(domain.UpstreamUrl, field + ".UpstreamUrl");
        if (domain.Www == WwwRedirect.None)
        {
            AddRouters(name, host, path, domain, serving, target);
            return;
        }

        var apex = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        var toWww = domain.Www == WwwRedirect.ToWww;
        var served = RoutingGuard.Host(toWww ? "www." + apex : apex, field + ".Www");
        var redirected = RoutingGuard.Host(toWww ? apex : "www." + apex, field + ".Www");
        AddRouters(name, served, path, domain, serving, target);

        // Keeps the scheme, drops any port, keeps the path and query: http://example.com/a?b -> http://www.example.com/a?b.
        var redirect = name + "-www";
        var regex = $"^(https?)://{redirected.Replace(".", "\\.", StringComparison.Ordinal)}(?::[0-9]+)?/(.*)$";
        middlewares[redirect] = new HttpMiddleware
        {
            RedirectRegex = new RedirectRegexMiddleware(regex, $"${{1}}://{served}/${{2}}", Permanent: true),
        };
        AddRouters(redirect, redirected, path, domain, [redirect], target);
    }

    /// <summary>
    /// The HTTPS router (when the domain has HTTPS) and the HTTP router. With a redirect to HTTPS the HTTP router only
    /// redirects, on the same host first (what HSTS preload asks for); otherwise it does what the HTTPS router does.
    /// </summary>
    private void AddRouters(string name, string host, string path, RoutedDomain domain, IReadOnlyList<string> middlewareNames, string target)
    {
        var rule = path == "/" ? $"Host(`{host}`)" : $"Host(`{host}`) && PathPrefix(`{path}`)";
        var priority = PriorityBase + path.Length;
        var httpMiddlewares = middlewareNames;
        if (domain.Https)
        {
            routers[name + "-https"] = new HttpRouter([EntryPoints.WebSecure], rule, priority, middlewareNames, target, new RouterTls());
            if (domain.RedirectToHttps)
            {
                httpMiddlewares = [TraefikFiles.RedirectToHttps];
            }
        }

        routers[name + "-http"] = new HttpRouter([EntryPoints.Web], rule, priority, httpMiddlewares, target, null);
    }

    /// <summary>One basicAuth middleware per distinct user list: <c>-auth</c>, then <c>-auth-2</c>, ...</summary>
    private string? AuthMiddleware(IReadOnlyList<BasicAuthUser> users, string field)
    {
        if (users.Count == 0)
        {
            return null;
        }

        var entries = UserEntries(users, field);
        var key = string.Join('\n', entries);
        if (authByUsers.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var name = authByUsers.Count == 0 ? $"{baseName}-auth" : $"{baseName}-auth-{authByUsers.Count + 1}";
        authByUsers[key] = name;
        middlewares[name] = new HttpMiddleware { BasicAuth = new BasicAuthMiddleware(entries, RemoveHeader: true) };
        return name;
    }

    internal static List<string> UserEntries(IReadOnlyList<BasicAuthUser> users, string field)
    {
        var entries = new List<string>(users.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            entries.Add(RoutingGuard.User(users[i], $"{field}[{i}]"));
            if (!names.Add(users[i].Name))
            {
                throw new RoutingConfigException($"{field}[{i}].Name", $"\"{users[i].Name}\" is listed twice.");
            }
        }

        return entries;
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotSlugCharacters();
}
