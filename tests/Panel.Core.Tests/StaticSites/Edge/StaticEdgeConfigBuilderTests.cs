using DropIt.Panel.Core.StaticSites.Edge;
using static DropIt.Panel.Core.Tests.StaticSites.Edge.EdgeScenarios;

namespace DropIt.Panel.Core.Tests.StaticSites.Edge;

/// <summary>What the generated nginx.conf holds for the edge's settings and its sites.</summary>
public sealed class StaticEdgeConfigBuilderTests
{
    [Fact]
    public void Build_TwoSites_OneServerEachAfterADefaultServerThatAnswers404()
    {
        var nodes = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Shop(), Docs()]);

        var servers = nodes.Blocks("server");
        Assert.Equal(3, servers.Count);
        Assert.Equal(["127.0.0.1:8089", "default_server"], servers[0].Args("listen"));
        Assert.Equal(["404"], servers[0].Args("return"));
        Assert.Empty(servers[0].Directives("server_name"));
        Assert.Equal(["shop.example.com", "www.shop.example.com"], nodes.ServerFor("shop.example.com").Args("server_name"));
        Assert.Equal(["docs.example.org", "*.docs.example.org"], nodes.ServerFor("docs.example.org").Args("server_name"));
        Assert.All(servers.Skip(1), s => Assert.Equal(["127.0.0.1:8089"], s.Args("listen")));
    }

    [Fact]
    public void Build_Site_ServesCurrentAndLooksInPreviousThenOlderForWhatIsMissing()
    {
        var server = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Docs()]).ServerFor("docs.example.org");

        Assert.Equal([$"/var/lib/dropit/sites/{DocsId}/current"], server.Args("root"));
        Assert.Equal(["index.html"], server.Args("index"));
        Assert.Equal(["$uri", "$uri/", "@previous"], server.Location("/").Args("try_files"));
        var previous = server.Location("@previous");
        Assert.Equal([$"/var/lib/dropit/sites/{DocsId}/previous"], previous.Args("root"));
        Assert.Equal(["$uri", "$uri/", "@older"], previous.Args("try_files"));
        var older = server.Location("@older");
        Assert.Equal([$"/var/lib/dropit/sites/{DocsId}/older"], older.Args("root"));
        Assert.Equal(["$uri", "$uri/", "=404"], older.Args("try_files"));
        Assert.Equal(["404", "/404.html"], server.Args("error_page"));
    }

    [Fact]
    public void Build_SpaSite_FallsBackThroughTheExtensionMapAndHasAMissingLocation()
    {
        var nodes = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Shop()]);
        var server = nodes.ServerFor("shop.example.com");

        Assert.Equal(["$uri", "$uri/", "$dropit_spa_fallback"], server.Location("@older").Args("try_files"));
        Assert.Equal(["404"], server.Location("@missing").Args("return"));
        Assert.Empty(server.Directives("error_page"));
        var map = Assert.Single(nodes.Blocks("map"), m => m.Args.Contains("$dropit_spa_fallback"));
        Assert.Equal(["/index.html"], map.Args("default"));
        Assert.Equal(["@missing"], map.Args("~" + StaticEdgeCaching.ExtensionPattern));
    }

    [Fact]
    public void Build_Site_AllHeadersAreAddedAtServerLevelOnly()
    {
        var server = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Shop()]).ServerFor("shop.example.com");

        var headers = server.Directives("add_header");
        Assert.Equal(["Cache-Control", "$dropit_cache_control", "always"], headers[0].Args);
        Assert.Equal(["Content-Security-Policy", Csp, "always"], headers[1].Args);
        Assert.DoesNotContain(server.Children.Descendants().OfType<NginxBlock>(), b => b.Directives("add_header").Count > 0);
    }

    [Fact]
    public void Build_CacheControl_IsImmutableOnlyForSuccessfulFingerprintedFiles()
    {
        var maps = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), []).Blocks("map");

        var byUri = Assert.Single(maps, m => m.Args.SequenceEqual(["$uri", "$dropit_uri_cache"]));
        Assert.Equal(["no-cache"], byUri.Args("default"));
        Assert.Equal([StaticEdgeCaching.Immutable], byUri.Args("~" + StaticEdgeCaching.FingerprintPattern));
        var byStatus = Assert.Single(maps, m => m.Args.SequenceEqual(["$status", "$dropit_cache_control"]));
        Assert.Equal(["no-cache"], byStatus.Args("default"));
        Assert.Equal(["$dropit_uri_cache"], byStatus.Args("200"));
        Assert.Empty(byStatus.Directives("404"));
    }

    [Fact]
    public void Build_HeaderValueWithQuotesSpacesAndDollar_IsOneQuotedLiteralValue()
    {
        var site = Shop() with { ResponseHeaders = [new StaticEdgeHeader("X-Note", "costs $5; \"really\" {ok}")] };

        var text = StaticEdgeConfigBuilder.Build(EdgeSettings(), [site]);

        Assert.Contains("    add_header X-Note \"costs ${dropit_dollar}5; \\\"really\\\" {ok}\" always;\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Settings_WriteATextFileThatStandsAlone()
    {
        var text = StaticEdgeConfigBuilder.Build(EdgeSettings() with { TempPath = "/tmp/edge", PidPath = "/tmp/edge/nginx.pid" }, [Shop()]);

        Assert.StartsWith(NginxWriter.Header + "\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("include", text, StringComparison.Ordinal);
        foreach (var line in new[]
        {
            "worker_processes auto;", "pid /tmp/edge/nginx.pid;", "error_log stderr warn;", "default_type application/octet-stream;",
            "text/javascript js mjs;", "font/woff2 woff2;", "application/wasm wasm;", "access_log off;", "server_tokens off;",
            "client_body_temp_path /tmp/edge/client_body_temp;", "scgi_temp_path /tmp/edge/scgi_temp;", "gzip_static on;",
            "gzip_vary on;", "charset utf-8;",
        })
        {
            Assert.Contains(line + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_Brotli_IsServedOnlyWhenEnabledWithItsModule()
    {
        var without = StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop()]);
        var with = StaticEdgeConfigBuilder.Build(
            EdgeSettings() with { Brotli = true, LoadModules = ["modules/ngx_http_brotli_static_module.so"] }, [Shop()]);

        Assert.DoesNotContain("brotli", without, StringComparison.Ordinal);
        Assert.Contains("\nload_module modules/ngx_http_brotli_static_module.so;\n", with, StringComparison.Ordinal);
        Assert.Contains("    brotli_static on;\n", with, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SitesInAnotherOrder_GiveTheSameBytes()
    {
        Assert.Equal(StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop(), Docs()]), StaticEdgeConfigBuilder.Build(EdgeSettings(), [Docs(), Shop()]));
    }

    [Fact]
    public void Build_SiteWithoutDomains_GetsNoServer()
    {
        var nodes = StaticEdgeConfigBuilder.Nodes(EdgeSettings(), [Shop() with { Domains = [] }, Docs()]);

        Assert.Equal(2, nodes.Blocks("server").Count);
        Assert.DoesNotContain(ShopId.ToString(), StaticEdgeConfigBuilder.Build(EdgeSettings(), [Shop() with { Domains = [] }]), StringComparison.Ordinal);
    }
}
