using DropIt.Panel.Core.StaticSites.Edge;

namespace DropIt.Panel.Core.Tests.StaticSites.Edge;

/// <summary>Sites and settings shared by the static edge tests, and a way to look into generated nodes.</summary>
internal static class EdgeScenarios
{
    public static readonly Guid ShopId = Guid.Parse("0b7e6c1a-5d2f-4f3e-9a41-2c8d7e6f5a10");
    public static readonly Guid DocsId = Guid.Parse("7f3a9e20-1c4b-4d8e-b6a2-9e0f1d2c3b4a");

    public const string Csp = "default-src 'self'; script-src 'self' 'sha256-AbC+/=' \"https://cdn.example.com\"; img-src * data:";

    public static StaticEdgeSettings EdgeSettings(string sitesRoot = "/var/lib/dropit/sites") =>
        new() { Listen = "127.0.0.1:8089", SitesRoot = sitesRoot };

    public static StaticEdgeSite Shop(params string[] domains) =>
        new(ShopId, domains.Length > 0 ? domains : ["shop.example.com", "www.shop.example.com"], SpaMode: true,
            ResponseHeaders: [new StaticEdgeHeader("Content-Security-Policy", Csp)]);

    public static StaticEdgeSite Docs() =>
        new(DocsId, ["docs.example.org", "*.docs.example.org"], SpaMode: false, NotFoundPage: "404.html");

    public static IEnumerable<NginxNode> Descendants(this IEnumerable<NginxNode> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            if (node is NginxBlock block)
            {
                foreach (var child in block.Children.Descendants())
                {
                    yield return child;
                }
            }
        }
    }

    public static IReadOnlyList<NginxBlock> Blocks(this IEnumerable<NginxNode> nodes, string name) =>
        nodes.Descendants().OfType<NginxBlock>().Where(b => b.Name == name).ToList();

    public static IReadOnlyList<NginxDirective> Directives(this NginxBlock block, string name) =>
        block.Children.OfType<NginxDirective>().Where(d => d.Name == name).ToList();

    public static string[] Args(this NginxBlock block, string name) => Assert.Single(block.Directives(name)).Args;

    public static NginxBlock Location(this NginxBlock server, string path) =>
        Assert.Single(server.Children.OfType<NginxBlock>(), b => b.Name == "location" && b.Args.Contains(path));

    public static NginxBlock ServerFor(this IEnumerable<NginxNode> nodes, string domain) =>
        Assert.Single(nodes.Blocks("server"), s => s.Directives("server_name").Any(d => d.Args.Contains(domain)));
}
