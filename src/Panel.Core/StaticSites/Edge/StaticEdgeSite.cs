namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>One response header a site adds to every answer (such as a Content-Security-Policy).</summary>
public sealed record StaticEdgeHeader(string Name, string Value);

/// <summary>
/// A static site as the edge serves it: its folder is <c>&lt;SitesRoot&gt;/&lt;SiteId&gt;/</c>, with the
/// <c>current</c> and <c>previous</c> links to releases. A site without domains gets no server block.
/// </summary>
/// <param name="SiteId">The site's id; its folder name.</param>
/// <param name="Domains">Host names, already punycode and lower-case; a leading <c>*.</c> is a wildcard.</param>
/// <param name="SpaMode">Unknown paths without a file extension answer <c>/index.html</c> (client-side routes).</param>
/// <param name="NotFoundPage">A page of the release (such as <c>404.html</c>) answered with every 404; null for nginx's own.</param>
/// <param name="ResponseHeaders">Extra headers added to every answer, in this order.</param>
public sealed record StaticEdgeSite(
    Guid SiteId,
    IReadOnlyList<string> Domains,
    bool SpaMode = false,
    string? NotFoundPage = null,
    IReadOnlyList<StaticEdgeHeader>? ResponseHeaders = null);
