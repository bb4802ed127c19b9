using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.StaticSites;

/// <summary>A real Vite build uploaded through the API and served by real nginx (the static edge).</summary>
public sealed partial class StaticSiteServingTests : PanelTest<BootstrappedPanel>
{
    private const string Host = "athletes.dropit.test";
    private StaticSiteClient sites = null!;
    private Guid projectId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("front");
    }

    public override async ValueTask DisposeAsync()
    {
        sites.Dispose();
        await base.DisposeAsync();
    }

    private static async Task<byte[]> ViteZipAsync(string apiUrl, string? topFolder = "dist") =>
        ViteApp.Zip(await ViteApp.BuildAsync(apiUrl, Ct), topFolder);

    private async Task<string> ScriptPathAsync()
    {
        var html = await (await sites.GetAsync(Host, "/")).Content.ReadAsStringAsync(Ct);
        return ScriptSource().Match(html).Groups[1].Value;
    }

    [Fact]
    public async Task Upload_ViteBuildInDistFolder_IsLiveWithCachingCompressionAndSpaFallback()
    {
        var siteId = await sites.CreateAsync(projectId, "web", Host, new { spaMode = true });
        var response = await sites.UploadAsync(siteId, await ViteZipAsync("https://api.one.test"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var release = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("dist", release.GetProperty("unwrappedFolder").GetString());
        Assert.True(release.GetProperty("active").GetBoolean());

        var page = await sites.GetAsync(Host, "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Contains("<div id=\"root\">", await page.Content.ReadAsStringAsync(Ct));

        var script = await ScriptPathAsync();
        Assert.Matches("^/assets/index-[A-Za-z0-9_-]{8,}\\.js$", script);
        // The .gz twins are written once the release is live (decision 061); until then the plain file is served.
        await Panel.Services.GetRequiredService<ReleaseCompressor>().WhenDoneAsync(release.GetProperty("id").GetGuid());
        var gzipped = await sites.GetAsync(Host, script, acceptGzip: true);
        Assert.Equal(HttpStatusCode.OK, gzipped.StatusCode);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", string.Join(", ", gzipped.Headers.GetValues("Cache-Control")));
        await using var unzipped = new GZipStream(await gzipped.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress);
        var plain = await (await sites.GetAsync(Host, script)).Content.ReadAsStringAsync(Ct);
        Assert.Equal(plain, await new StreamReader(unzipped).ReadToEndAsync(Ct));
        Assert.Contains("https://api.one.test", plain);

        var deepLink = await sites.GetAsync(Host, "/athletes/42");
        Assert.Equal(HttpStatusCode.OK, deepLink.StatusCode);
        Assert.Equal("no-cache", deepLink.Headers.CacheControl?.ToString());
        Assert.Contains("<div id=\"root\">", await deepLink.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await sites.GetAsync(Host, "/assets/missing-Zz12Yy34.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sites.GetAsync("unknown.dropit.test", "/")).StatusCode);
    }

    [Fact]
    public async Task Settings_SpaModeOffWithCustom404AndHeader_DeepLinkIsTheCustom404()
    {
        var siteId = await sites.CreateAsync(projectId, "docs", Host);
        await sites.UploadLiveAsync(siteId, await ViteZipAsync("https://api.one.test", topFolder: null));

        var patch = await sites.Api.PatchAsJsonAsync($"/api/static-sites/{siteId}", new
        {
            spaMode = false,
            notFoundPage = "404.html",
            responseHeaders = new[] { new { name = "Content-Security-Policy", value = "default-src 'self'; img-src 'self' data:" } },
        }, ApiJson.Options, Ct);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var deepLink = await sites.GetAsync(Host, "/athletes/42");
        Assert.Equal(HttpStatusCode.NotFound, deepLink.StatusCode);
        Assert.Contains("Not found", await deepLink.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        var home = await sites.GetAsync(Host, "/");
        Assert.Equal("default-src 'self'; img-src 'self' data:", Assert.Single(home.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Activate_EarlierRelease_ServesItAgainWithoutExtracting()
    {
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        var first = await sites.UploadLiveAsync(siteId, await ViteZipAsync("https://api.one.test"));
        var firstScript = await ScriptPathAsync();
        await sites.UploadLiveAsync(siteId, await ViteZipAsync("https://api.two.test"));
        var secondScript = await ScriptPathAsync();
        Assert.NotEqual(firstScript, secondScript);

        var rollback = await sites.ActivateAsync(siteId, first);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(firstScript, await ScriptPathAsync());
        var releases = await sites.Api.GetFromJsonAsync<JsonElement>($"/api/static-sites/{siteId}/releases", Ct);
        Assert.Equal(2, releases.GetArrayLength());
        Assert.Equal(first, releases.EnumerateArray().Single(r => r.GetProperty("active").GetBoolean()).GetProperty("id").GetGuid());
        Assert.All(releases.EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("uploadedBy").GetString())));
    }

    [Fact]
    public async Task Upload_WithoutWrongOrRevokedToken_Is401AndNothingChanges()
    {
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        var zip = await ViteZipAsync("https://api.one.test");
        using var anonymous = Panel.CreateApiClient(null);
        using var wrong = Panel.CreateApiClient("not-a-token-0123456789abcdefghijklmnopqrstu");

        Assert.Equal(HttpStatusCode.Unauthorized, (await StaticSiteClient.UploadAsync(anonymous, siteId, zip)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaticSiteClient.UploadAsync(wrong, siteId, zip)).StatusCode);

        using var signedIn = await Forms.SignedInClientAsync(Panel);
        var created = await signedIn.PostAsJsonAsync("/api/tokens", new { name = "ci", scope = "deploy" }, ApiJson.Options, Ct);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct));
        using var ci = Panel.CreateApiClient(token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Created, (await StaticSiteClient.UploadAsync(ci, siteId, zip)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await sites.Api.DeleteAsync($"/api/tokens/{token.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaticSiteClient.UploadAsync(ci, siteId, zip)).StatusCode);

        var releases = await sites.Api.GetFromJsonAsync<JsonElement>($"/api/static-sites/{siteId}/releases", Ct);
        Assert.Equal(1, releases.GetArrayLength());
    }

    [Fact]
    public async Task Site_WithRelease_IsRoutedByTraefikToTheStaticEdge()
    {
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        var file = Path.Combine(Panel.DataPath, "traefik", "dynamic", $"dropit-service-{siteId}.yml");
        await sites.UploadLiveAsync(siteId, await ViteZipAsync("https://api.one.test"));

        await Eventually.TrueAsync(() => File.Exists(file), TimeSpan.FromSeconds(15), $"the Traefik file {file}");

        var yaml = await File.ReadAllTextAsync(file, Ct);
        Assert.Contains($"http://127.0.0.1:{Panel.EdgePort}", yaml);
        Assert.Contains($"Host(`{Host}`)", yaml);
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
