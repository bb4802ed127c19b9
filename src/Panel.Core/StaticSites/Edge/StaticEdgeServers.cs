namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// One server block per site with domains. Files come from <c>current</c>; a file missing there is looked up
/// in <c>previous</c>, then <c>older</c>, so a page loaded before a release switch still gets its old hashed
/// assets, even while a switch is in progress (the links are replaced older → previous → current, and looked
/// up in the other order, so the last two live releases are always found). What none holds is a 404 (the site's 404 page when set). In SPA mode only a path without a file extension (a client
/// route such as <c>/athletes/42</c>) answers <c>/index.html</c>: a missing <c>/assets/x-Abc12345.js</c> stays a
/// 404, so a browser never runs HTML as a script and the failure shows. <c>/docs/</c> serves <c>docs/index.html</c>.
/// </summary>
internal static class StaticEdgeServers
{
    private const string PreviousLocation = "@previous";
    private const string OlderLocation = "@older";

    public static IEnumerable<NginxBlock> Build(string listen, string sitesRoot, IReadOnlyList<StaticEdgeSite> sites)
    {
        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var ids = new HashSet<Guid>();
        var servers = new List<NginxBlock>();
        foreach (var site in sites.OrderBy(s => s.SiteId))
        {
            var field = $"Sites[{site.SiteId:D}]";
            if (site.SiteId == Guid.Empty || !ids.Add(site.SiteId))
            {
                throw new StaticEdgeConfigException(field, "each site needs its own, non-empty id.");
            }

            var domains = (site.Domains ?? []).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (domain, index) in domains.Select((d, i) => (d, i)))
            {
                if (!StaticEdgeValidation.IsValidDomain(domain))
                {
                    throw new StaticEdgeConfigException($"{field}.Domains[{index}]",
                        $"\"{domain}\" is not a lower-case punycode host name (letters, digits, dots, hyphens, an optional leading \"*.\").");
                }

                if (!owners.TryAdd(domain, site.SiteId))
                {
                    throw new StaticEdgeConfigException($"{field}.Domains[{index}]", $"{domain} is already served by site {owners[domain]:D}.");
                }
            }

            if (domains.Count > 0)
            {
                servers.Add(Server(site, field, listen, $"{sitesRoot}/{site.SiteId:D}", domains));
            }
        }

        return servers;
    }

    private static NginxBlock Server(StaticEdgeSite site, string field, string listen, string folder, List<string> domains)
    {
        var children = new List<NginxNode>
        {
            new NginxComment($"site {site.SiteId:D}{(site.SpaMode ? " (single-page app)" : "")}"),
            new NginxDirective("listen", listen),
            new NginxDirective("server_name", [.. domains]),
            new NginxDirective("root", $"{folder}/current"),
            new NginxDirective("index", "index.html"),
            new NginxDirective("add_header", "Cache-Control", StaticEdgeCaching.CacheControlVariable, "always"),
        };
        children.AddRange(Headers(site, field));
        if (site.NotFoundPage is not null)
        {
            if (!StaticEdgeValidation.IsValidPagePath(site.NotFoundPage))
            {
                throw new StaticEdgeConfigException($"{field}.NotFoundPage",
                    $"\"{site.NotFoundPage}\" is not a page of the release such as 404.html (letters, digits, '.', '_', '-', '/'; no '..').");
            }

            children.Add(new NginxDirective("error_page", "404", "/" + site.NotFoundPage.TrimStart('/')));
        }

        // try_files checks a file, then the static module opens it again by path: a switch in between makes that
        // open fail, so a 404 here is retried through the other links rather than answered.
        children.Add(new NginxBlock("location", ["/"],
        [
            new NginxDirective("try_files", "$uri", "$uri/", PreviousLocation),
            new NginxDirective("error_page", "404", "=", PreviousLocation),
        ]));
        children.Add(new NginxComment("Dot files (.env, .git/) are never served; /.well-known/ is."));
        children.Add(new NginxBlock("location", ["~", @"/\.(?!well-known(/|$))"], [new NginxDirective("return", "404")]));
        var fallback = site.SpaMode ? StaticEdgeCaching.SpaFallbackVariable : "=404";
        children.Add(new NginxBlock("location", [PreviousLocation],
        [
            new NginxDirective("root", $"{folder}/previous"),
            new NginxDirective("try_files", "$uri", "$uri/", OlderLocation),
            new NginxDirective("error_page", "404", "=", OlderLocation),
        ]));
        children.Add(new NginxBlock("location", [OlderLocation],
        [
            new NginxDirective("root", $"{folder}/older"),
            new NginxDirective("try_files", "$uri", "$uri/", fallback),
        ]));
        if (site.SpaMode)
        {
            children.Add(new NginxBlock("location", [StaticEdgeCaching.MissingLocation], [new NginxDirective("return", "404")]));
        }

        return new NginxBlock("server", children);
    }

    private static IEnumerable<NginxDirective> Headers(StaticEdgeSite site, string field)
    {
        var headers = site.ResponseHeaders ?? [];
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = (headers[i].Name, headers[i].Value);
            if (!StaticEdgeValidation.IsValidHeaderName(name))
            {
                throw new StaticEdgeConfigException($"{field}.ResponseHeaders[{i}].Name",
                    $"\"{name}\" is not a header name the edge can add (letters, digits and hyphens; not Cache-Control).");
            }

            if (!StaticEdgeValidation.IsValidHeaderValue(value))
            {
                throw new StaticEdgeConfigException($"{field}.ResponseHeaders[{i}].Value",
                    $"the value of {name} is empty, too long, or holds a line break or control character.");
            }

            yield return new NginxDirective("add_header", name, StaticEdgeCaching.Literal(value.Trim()), "always");
        }
    }
}
