using DropIt.Panel.Core.StaticSites.Edge;
using static DropIt.Panel.Core.Tests.StaticSites.Edge.EdgeScenarios;

namespace DropIt.Panel.Core.Tests.StaticSites.Edge;

/// <summary>Values that would change what nginx does never reach the file: the build is refused, naming the field.</summary>
public sealed class StaticEdgeInjectionTests
{
    [Theory]
    [InlineData("Shop.example.com")]
    [InlineData("shop example.com")]
    [InlineData("shop.example.com;")]
    [InlineData("shop.example.com; return 200")]
    [InlineData("$host")]
    [InlineData("~^(.+)$")]
    [InlineData("*.*.example.com")]
    [InlineData("shop.*.com")]
    [InlineData("-shop.example.com")]
    [InlineData("shop..example.com")]
    [InlineData("bücher.example")]
    [InlineData("shop.example.com\n")]
    [InlineData("")]
    public void Build_DomainOutsideHostNameSyntax_IsRefusedNamingIt(string domain)
    {
        var error = Assert.Throws<StaticEdgeConfigException>(() => StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop(domain)]));

        Assert.Equal($"Sites[{ShopId}].Domains[0]", error.Field);
    }

    [Theory]
    [InlineData("shop.example.com")]
    [InlineData("*.shop.example.com")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("a-1.b2.example")]
    [InlineData("localhost")]
    public void IsValidDomain_PunycodeHostOrWildcard_IsAccepted(string domain)
    {
        Assert.True(StaticEdgeValidation.IsValidDomain(domain));
    }

    [Fact]
    public void Build_DomainOfTwoSites_IsRefused()
    {
        var error = Assert.Throws<StaticEdgeConfigException>(() =>
            StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop("docs.example.org"), Docs()]));

        Assert.Contains("docs.example.org is already served by site", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Frame-Options: DENY")]
    [InlineData("X Frame")]
    [InlineData("X-Evil;")]
    [InlineData("$http_x")]
    [InlineData("Cache-Control")]
    [InlineData("X-Note\n")]
    [InlineData("")]
    public void Build_HeaderNameOutsideTokenSyntax_IsRefused(string name)
    {
        var site = Shop() with { ResponseHeaders = [new StaticEdgeHeader(name, "1")] };

        var error = Assert.Throws<StaticEdgeConfigException>(() => StaticEdgeConfigBuilder.Build(EdgeSettings(), [site]));

        Assert.Equal($"Sites[{ShopId}].ResponseHeaders[0].Name", error.Field);
    }

    [Theory]
    [InlineData("default-src 'self'\r\nSet-Cookie: a=b")]
    [InlineData("1\nadd_header X-Evil 1")]
    [InlineData("   ")]
    [InlineData("nul\0")]
    public void Build_HeaderValueWithLineBreakOrBlank_IsRefused(string value)
    {
        var site = Shop() with { ResponseHeaders = [new StaticEdgeHeader("X-Note", value)] };

        var error = Assert.Throws<StaticEdgeConfigException>(() => StaticEdgeConfigBuilder.Build(EdgeSettings(), [site]));

        Assert.Equal($"Sites[{ShopId}].ResponseHeaders[0].Value", error.Field);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("errors/../../404.html")]
    [InlineData("$request_uri.html")]
    [InlineData("404 page.html")]
    [InlineData("404.html; return 200")]
    [InlineData("errors//404.html")]
    [InlineData("404.html\n")]
    [InlineData("")]
    public void Build_NotFoundPageOutsideTheRelease_IsRefused(string page)
    {
        var error = Assert.Throws<StaticEdgeConfigException>(() =>
            StaticEdgeConfigBuilder.Build(EdgeSettings(), [Docs() with { NotFoundPage = page }]));

        Assert.Equal($"Sites[{DocsId}].NotFoundPage", error.Field);
    }

    [Theory]
    [InlineData("errors/404.html", "/errors/404.html")]
    [InlineData("/404.html", "/404.html")]
    public void Build_NotFoundPage_IsAnAbsoluteUriInTheRelease(string page, string uri)
    {
        var server = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Docs() with { NotFoundPage = page }]).ServerFor("docs.example.org");

        Assert.Equal(["404", uri], server.Args("error_page"));
    }

    [Fact]
    public void Build_EmptySiteId_IsRefused()
    {
        Assert.Throws<StaticEdgeConfigException>(() => StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop() with { SiteId = Guid.Empty }]));
    }

    [Theory]
    [InlineData("80", true)]
    [InlineData("127.0.0.1:8089", true)]
    [InlineData("[::1]:8089", true)]
    [InlineData("localhost:8089", true)]
    [InlineData("0", false)]
    [InlineData("70000", false)]
    [InlineData("80; include /etc/passwd", false)]
    [InlineData("example.com:80", false)]
    [InlineData("8089\n", false)]
    [InlineData("", false)]
    public void IsValidListen_PortOrAddressWithPort_IsAccepted(string listen, bool valid)
    {
        Assert.Equal(valid, StaticEdgeValidation.IsValidListen(listen));
    }

    [Theory]
    [InlineData("80; include /etc/passwd", "Settings.Listen")]
    [InlineData("relative/sites", "Settings.SitesRoot")]
    [InlineData("/srv/$host/sites", "Settings.SitesRoot")]
    public void Build_UnsafeSetting_IsRefusedNamingIt(string value, string field)
    {
        var settings = field == "Settings.Listen" ? EdgeSettings() with { Listen = value } : EdgeSettings(value);

        var error = Assert.Throws<StaticEdgeConfigException>(() => StaticEdgeConfigBuilder.Build(settings, [Shop()]));

        Assert.Equal(field, error.Field);
    }
}
