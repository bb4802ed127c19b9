namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>
/// The http-level maps every site's server block relies on. All <c>add_header</c>s stay at server level
/// (one in a location would cancel them), so Cache-Control is decided here from the URI nginx ends up
/// serving and the status: the SPA fallback (<c>/index.html</c>) and error pages get <c>no-cache</c>.
/// </summary>
public static class StaticEdgeCaching
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string NoCache = "no-cache";

    /// <summary>The header value: <see cref="Immutable"/> or <see cref="NoCache"/>.</summary>
    public const string CacheControlVariable = "$dropit_cache_control";

    /// <summary>Where a missing path falls back in SPA mode: <c>/index.html</c>, or <see cref="MissingLocation"/>.</summary>
    public const string SpaFallbackVariable = "$dropit_spa_fallback";

    /// <summary>A literal <c>$</c>: nginx has no escape for it in values that take variables.</summary>
    public const string DollarVariable = "$dropit_dollar";

    /// <summary>The named location (one per SPA server) answering 404.</summary>
    public const string MissingLocation = "@missing";

    /// <summary>
    /// A fingerprinted file name (Vite's <c>assets/index-QkbEjtDv.js</c>, webpack's <c>main.3f2a1b9c.css</c>):
    /// after a <c>-</c> or <c>.</c>, 8 or more of [A-Za-z0-9_-] holding a digit or an upper-case letter,
    /// then an extension (two for <c>.js.map</c>). Such a file never changes under the same name.
    /// </summary>
    public const string FingerprintPattern = @"/[^/]*[-.](?=[A-Za-z0-9_-]*[A-Z0-9])[A-Za-z0-9_-]{8,}(\.[A-Za-z0-9]+){1,2}$";

    /// <summary>A last path segment with a file extension; in SPA mode such a path is a missing file, never a route.</summary>
    public const string ExtensionPattern = @"\.[A-Za-z0-9]+$";

    private const string UriCacheVariable = "$dropit_uri_cache";

    internal static IEnumerable<NginxNode> Maps()
    {
        yield return new NginxBlock("map", ["$uri", UriCacheVariable],
        [
            new NginxDirective("default", NoCache),
            new NginxDirective(@"~\.html?$", NoCache),
            new NginxDirective("~" + FingerprintPattern, Immutable),
        ]);

        // Only successful answers may be cached for a year: a 404 for a hashed name must not stick.
        yield return new NginxBlock("map", ["$status", CacheControlVariable],
        [
            new NginxDirective("default", NoCache),
            new NginxDirective("200", UriCacheVariable),
            new NginxDirective("206", UriCacheVariable),
            new NginxDirective("304", UriCacheVariable),
        ]);

        // Volatile: read again after the redirect to /index.html, so a site with no index.html (no release yet) ends in
        // @missing instead of redirecting to itself until nginx gives up with a 500.
        yield return new NginxBlock("map", ["$uri", SpaFallbackVariable],
        [
            new NginxDirective("volatile"),
            new NginxDirective("default", "/index.html"),
            new NginxDirective("~" + ExtensionPattern, MissingLocation),
        ]);

        yield return new NginxBlock("geo", [DollarVariable], [new NginxDirective("default", "$")]);
    }

    /// <summary>Text for a value nginx reads with variables, every <c>$</c> kept literal.</summary>
    internal static string Literal(string text) => text.Replace("$", "${" + DollarVariable[1..] + "}", StringComparison.Ordinal);
}
