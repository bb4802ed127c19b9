using System.IO.Compression;
using System.Net;
using DropIt.Panel.Core.StaticSites.Edge;

namespace DropIt.Panel.IntegrationTests.StaticSites.Edge;

/// <summary>The real nginx, run by <see cref="NginxProcess"/> on the generated config, as a browser meets it.</summary>
public sealed class NginxEdgeTests : IAsyncLifetime
{
    private const string Csp = "default-src 'self'; script-src 'self' 'sha256-AbC+/='; img-src * data:";
    private const string OldAsset = "/assets/index-Ab12Cd34.js";
    private const string NewAsset = "/assets/index-Zy98Xw76.js";

    private static readonly StaticEdgeSite Athletes = new(Guid.NewGuid(), ["athletes.test"], SpaMode: true,
        ResponseHeaders: [new StaticEdgeHeader("Content-Security-Policy", Csp)]);

    private static readonly StaticEdgeSite Docs = new(Guid.NewGuid(), ["docs.test"], SpaMode: false, NotFoundPage: "404.html");

    // A site with a domain whose first release is not uploaded yet: no links, no files.
    private static readonly StaticEdgeSite Waiting = new(Guid.NewGuid(), ["waiting.test"], SpaMode: true, NotFoundPage: "404.html");

    private readonly EdgeSandbox edge = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await edge.WriteReleaseAsync(Athletes.SiteId, "r1", new Dictionary<string, string>
        {
            ["index.html"] = $"<!doctype html><h1>release one</h1><script type=\"module\" src=\"{OldAsset}\"></script>",
            [OldAsset[1..]] = "console.log(\"release one\");",
        }, Ct);
        await edge.WriteReleaseAsync(Athletes.SiteId, "r2", new Dictionary<string, string>
        {
            ["index.html"] = $"<!doctype html><h1>release two</h1><script type=\"module\" src=\"{NewAsset}\"></script>",
            [NewAsset[1..]] = "console.log(\"release two\");",
        }, Ct);
        await edge.WriteReleaseAsync(Docs.SiteId, "r1", new Dictionary<string, string>
        {
            ["index.html"] = "<h1>docs home</h1>",
            ["404.html"] = "<h1>custom not found page</h1>",
            ["guide/index.html"] = "<h1>the guide</h1>",
            [".env"] = "SECRET=1",
        }, Ct);
        edge.Point(Athletes.SiteId, "current", "r1");
        edge.Point(Docs.SiteId, "current", "r1");
        await edge.StartAsync([Athletes, Docs, Waiting], Ct);
    }

    public ValueTask DisposeAsync() => edge.DisposeAsync();

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string host, string path, bool gzip = false)
    {
        var response = await edge.GetAsync(host, path, Ct, gzip);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Html_IsRevalidatedEveryTime_AndCarriesTheSitesHeaders()
    {
        var (response, body) = await GetAsync("athletes.test", "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("release one", body, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(Csp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task HashedAsset_IsCachedForAYear_AndGzippedOnlyWhenTheBrowserAsks()
    {
        var (plain, plainBody) = await GetAsync("athletes.test", OldAsset);
        var zipped = await edge.GetAsync("athletes.test", OldAsset, Ct, gzip: true);

        Assert.Equal("public, max-age=31536000, immutable", plain.Headers.CacheControl?.ToString());
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("console.log(\"release one\");", plainBody);
        Assert.Equal("public, max-age=31536000, immutable", zipped.Headers.CacheControl?.ToString());
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        await using var gzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress);
        Assert.Equal("console.log(\"release one\");", await new StreamReader(gzip).ReadToEndAsync(Ct));
        Assert.Equal(Csp, Assert.Single(zipped.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task SpaDeepLink_AnswersIndexHtml_ButAMissingAssetIsA404()
    {
        var (route, routeBody) = await GetAsync("athletes.test", "/athletes/42");
        var (missing, _) = await GetAsync("athletes.test", "/assets/missing-Abc12345.js");

        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Contains("release one", routeBody, StringComparison.Ordinal);
        Assert.Equal("no-cache", route.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no-cache", missing.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task NonSpaSite_MissingPageAnswersItsOwn404Page_AndFoldersServeTheirIndex()
    {
        var (missing, missingBody) = await GetAsync("docs.test", "/athletes/42");
        var (guide, guideBody) = await GetAsync("docs.test", "/guide/");
        var (bare, _) = await GetAsync("docs.test", "/guide");
        var (dotFile, dotFileBody) = await GetAsync("docs.test", "/.env");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("custom not found page", missingBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
        Assert.Contains("the guide", guideBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/guide/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, dotFile.StatusCode);
        Assert.DoesNotContain("SECRET", dotFileBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiteWithoutARelease_AnswersA404_NotAnError()
    {
        foreach (var path in new[] { "/", "/athletes/42", "/index.html", "/assets/app-Abc12345.js" })
        {
            var (response, body) = await GetAsync("waiting.test", path);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task UnknownHost_GetsA404_NeverSomeSite()
    {
        var (response, body) = await GetAsync("unknown.test", "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("release one", body, StringComparison.Ordinal);
        Assert.DoesNotContain("docs home", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task ReleaseSwitch_ServesTheNewReleaseWithoutAReload_AndOldPagesStillGetTheirAssets()
    {
        Assert.Contains("release one", (await GetAsync("athletes.test", "/")).Body, StringComparison.Ordinal);

        edge.Point(Athletes.SiteId, "previous", "r1");
        edge.Point(Athletes.SiteId, "current", "r2");

        Assert.Contains("release two", (await GetAsync("athletes.test", "/")).Body, StringComparison.Ordinal);
        Assert.Contains("release two", (await GetAsync("athletes.test", "/athletes/42")).Body, StringComparison.Ordinal);
        var (old, oldBody) = await GetAsync("athletes.test", OldAsset);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("console.log(\"release one\");", oldBody);
        Assert.Equal("public, max-age=31536000, immutable", old.Headers.CacheControl?.ToString());
        Assert.Equal("console.log(\"release two\");", (await GetAsync("athletes.test", NewAsset)).Body);
    }
}
