namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// Builds the static edge's whole nginx.conf: one file, no includes, runnable by a non-root nginx and in a
/// read-only container. The text depends only on the settings and the sites (sorted by id), so an unchanged
/// set of sites gives the same bytes and needs no reload; a new release only swaps a site's <c>current</c> link.
/// </summary>
public static class StaticEdgeConfigBuilder
{
    /// <exception cref="StaticEdgeConfigException">A setting, a domain, a header or a page path cannot be served safely.</exception>
    public static string Build(StaticEdgeSettings settings, IReadOnlyList<StaticEdgeSite> sites)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sites);
        return NginxWriter.Write(Nodes(settings, sites));
    }

    /// <summary>The configuration as nodes, before writing (for whoever wants to inspect it).</summary>
    public static IReadOnlyList<NginxNode> Nodes(StaticEdgeSettings settings, IReadOnlyList<StaticEdgeSite> sites)
    {
        var listen = settings.Listen;
        if (!StaticEdgeValidation.IsValidListen(listen))
        {
            throw new StaticEdgeConfigException("Settings.Listen", $"\"{listen}\" is not a listen address: use a port (80) or address:port (127.0.0.1:8089).");
        }

        var sitesRoot = StaticEdgeValidation.CheckPath("Settings.SitesRoot", settings.SitesRoot, mustBeAbsolute: true);
        var servers = StaticEdgeServers.Build(listen, sitesRoot, sites);
        var main = new List<NginxNode>();
        foreach (var (module, index) in settings.LoadModules.Select((m, i) => (m, i)))
        {
            main.Add(new NginxDirective("load_module", StaticEdgeValidation.CheckPath($"Settings.LoadModules[{index}]", module)));
        }

        if (settings.User is not null)
        {
            main.Add(new NginxDirective("user", StaticEdgeValidation.CheckPath("Settings.User", settings.User)));
        }

        main.Add(new NginxDirective("worker_processes", "auto"));
        main.Add(new NginxDirective("pid", StaticEdgeValidation.CheckPath("Settings.PidPath", settings.PidPath)));
        main.Add(new NginxDirective("error_log", StaticEdgeValidation.CheckPath("Settings.ErrorLogPath", settings.ErrorLogPath), "warn"));
        main.Add(new NginxBlock("events", [new NginxDirective("worker_connections", Math.Max(64, settings.WorkerConnections).ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        main.Add(new NginxBlock("http", [.. Http(settings), .. StaticEdgeCaching.Maps(), DefaultServer(listen), .. servers]));
        return main;
    }

    private static IEnumerable<NginxNode> Http(StaticEdgeSettings settings)
    {
        yield return StaticEdgeTypes.Block();
        yield return new NginxDirective("default_type", "application/octet-stream");
        yield return new NginxDirective("charset", "utf-8");
        yield return new NginxDirective("charset_types", [.. StaticEdgeTypes.CharsetTypes]);
        yield return new NginxDirective("sendfile", "on");
        yield return new NginxDirective("tcp_nopush", "on");
        yield return new NginxDirective("keepalive_timeout", "65");
        yield return new NginxDirective("server_tokens", "off");
        yield return new NginxDirective("access_log", "off");
        yield return new NginxComment("Redirects (/docs to /docs/) stay relative: nginx sits behind Traefik on another port.");
        yield return new NginxDirective("absolute_redirect", "off");
        yield return new NginxComment("No open file cache: a release switch (a symlink swap) is seen by the next request.");
        yield return new NginxDirective("open_file_cache", "off");
        yield return new NginxDirective("client_max_body_size", "1k");
        var temp = settings.TempPath is "" or "." ? "" : StaticEdgeValidation.CheckPath("Settings.TempPath", settings.TempPath) + "/";
        foreach (var kind in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            yield return new NginxDirective($"{kind}_temp_path", $"{temp}{kind}_temp");
        }

        yield return new NginxComment("Text assets were compressed at upload: file.gz (and file.br) next to file.");
        yield return new NginxDirective("gzip_static", "on");
        yield return new NginxDirective("gzip_vary", "on");
        if (settings.Brotli)
        {
            yield return new NginxDirective("brotli_static", "on");
        }
    }

    /// <summary>Host names no site claims get a bare 404, never some site.</summary>
    private static NginxBlock DefaultServer(string listen) => new("server",
    [
        new NginxDirective("listen", listen, "default_server"),
        new NginxDirective("return", "404"),
    ]);
}
