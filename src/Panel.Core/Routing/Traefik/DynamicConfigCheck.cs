namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Checks a typed <see cref="DynamicConfig"/> against the rules of the Traefik v3 file-provider schema that its
/// properties can break, without serialising it to YAML and parsing it back. Each rule mirrors one of the embedded
/// schema (see <see cref="TraefikSchema"/>): a property the schema requires, an array that must not be empty, a value
/// that must be an object or a string (a null in a list or a map is written as YAML null), a minimum, and a middleware
/// or service that must set exactly one kind. Whatever the schema check of the written YAML refuses, this refuses too
/// (a test compares both on generated models). The writing rules (owned marker, at least one router) are the same as
/// <see cref="TraefikSchema.ValidateForWriting"/>.
/// </summary>
internal static class DynamicConfigCheck
{
    /// <summary>Errors of the model and its YAML text as a file of the dynamic folder; empty when it may be written.</summary>
    public static IReadOnlyList<string> ForWriting(DynamicConfig? model, string yaml)
    {
        var errors = new List<string>();
        if (model is null)
        {
            errors.Add("#: the file holds no configuration.");
            return errors;
        }

        if (model.Http is { } http)
        {
            Routers(http.Routers, errors);
            Services(http.Services, errors);
            Middlewares(http.Middlewares, errors);
        }

        if (model.Tls?.Certificates is { } certificates)
        {
            for (var i = 0; i < certificates.Count; i++)
            {
                if (certificates[i] is null)
                {
                    errors.Add($"tls.certificates[{i}]: is empty; a certificate needs its certFile and keyFile.");
                }
            }
        }

        if (!TraefikFiles.HasOwnedMarker(yaml))
        {
            errors.Add($"the \"{TraefikFiles.OwnedMarker}\" line is missing.");
        }

        var routers = model.Http?.Routers;
        if (routers is { Count: 0 } || (routers is null && model.Http?.Middlewares is not { Count: > 0 }))
        {
            errors.Add("the file defines no router (nor shared middleware): Traefik would be given an empty configuration.");
        }

        return errors;
    }

    private static void Routers(IReadOnlyDictionary<string, HttpRouter>? routers, List<string> errors)
    {
        foreach (var (name, router) in routers ?? Empty<HttpRouter>())
        {
            var at = $"http.routers.{name}";
            if (router is null)
            {
                errors.Add($"{at}: is empty; a router needs a rule and a service.");
                continue;
            }

            if (router.Rule is null)
            {
                errors.Add($"{at}.rule: is missing; a router needs the rule its requests must match.");
            }

            if (router.Service is null)
            {
                errors.Add($"{at}.service: is missing; a router needs the service its requests go to.");
            }

            if (router.Priority < 0)
            {
                errors.Add($"{at}.priority: is {router.Priority}; Traefik takes 0 or more.");
            }

            NoNullItem(router.EntryPoints, $"{at}.entryPoints", errors);
            NoNullItem(router.Middlewares, $"{at}.middlewares", errors);
        }
    }

    private static void Services(IReadOnlyDictionary<string, HttpService>? services, List<string> errors)
    {
        foreach (var (name, service) in services ?? Empty<HttpService>())
        {
            var at = $"http.services.{name}";
            if (service?.LoadBalancer is not { } loadBalancer)
            {
                errors.Add($"{at}: has no loadBalancer; a service needs exactly one kind (the panel writes loadBalancer).");
                continue;
            }

            if (loadBalancer.Servers is not { Count: > 0 } servers)
            {
                errors.Add($"{at}.loadBalancer.servers: is {(loadBalancer.Servers is null ? "missing" : "empty")}; a load balancer needs at least one server.");
                continue;
            }

            for (var i = 0; i < servers.Count; i++)
            {
                if (servers[i]?.Url is null)
                {
                    errors.Add($"{at}.loadBalancer.servers[{i}].url: is missing; a server needs the address of the upstream.");
                }
            }
        }
    }

    private static void Middlewares(IReadOnlyDictionary<string, HttpMiddleware>? middlewares, List<string> errors)
    {
        foreach (var (name, middleware) in middlewares ?? Empty<HttpMiddleware>())
        {
            var at = $"http.middlewares.{name}";
            var kinds = middleware is null ? 0 : Count(middleware.RedirectScheme, middleware.Headers, middleware.Compress, middleware.BasicAuth, middleware.RedirectRegex);
            if (kinds != 1)
            {
                errors.Add($"{at}: sets {kinds} kinds of middleware; a middleware sets exactly one (such as headers or basicAuth).");
                continue;
            }

            NoNullItem(middleware!.BasicAuth?.Users, $"{at}.basicAuth.users", errors);
        }
    }

    private static void NoNullItem(IReadOnlyList<string>? items, string at, List<string> errors)
    {
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            if (items[i] is null)
            {
                errors.Add($"{at}[{i}]: is empty; only text is allowed.");
            }
        }
    }

    private static int Count(params object?[] values) => values.Count(v => v is not null);

    private static IReadOnlyDictionary<string, T> Empty<T>() => new Dictionary<string, T>();
}
