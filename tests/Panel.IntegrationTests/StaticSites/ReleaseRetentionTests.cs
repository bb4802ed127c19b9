using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.StaticSites;

public sealed class ReleaseRetentionTests : PanelTest<BootstrappedPanel>
{
    private const string Host = "retention.dropit.test";

    private static byte[] Release(int n) => HostileZips.Site(new Dictionary<string, string> { ["index.html"] = $"<h1>release {n}</h1>" });

    [Fact]
    public async Task Upload_PastTheRetention_DeletesOldReleasesButNeverALinkedOneAndNeverReloadsNginx()
    {
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("retention");
        var siteId = await sites.CreateAsync(projectId, "web", Host, new { keepReleases = 1 });
        var config = Path.Combine(Panel.DataPath, "static", "nginx.conf");
        var ids = new List<Guid> { await sites.UploadLiveAsync(siteId, Release(1)) };
        var written = File.GetLastWriteTimeUtc(config);

        for (var n = 2; n <= 5; n++)
        {
            ids.Add(await sites.UploadLiveAsync(siteId, Release(n)));
        }

        // Kept: the live release and the two the links still point to (pages loaded before the switches).
        var releases = await sites.Api.GetFromJsonAsync<JsonElement>($"/api/static-sites/{siteId}/releases", Ct);
        Assert.Equal(ids[2..].AsEnumerable().Reverse(), releases.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var folders = Directory.GetDirectories(Path.Combine(Panel.DataPath, "sites", siteId.ToString(), "releases")).Select(Path.GetFileName).Order();
        Assert.Equal(ids[2..].Select(id => id.ToString()).Order(), folders);
        Assert.Equal("200 <h1>release 5</h1>", await sites.GetTextAsync(Host, "/"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(config));

        // The live release cannot be deleted; an earlier one can.
        Assert.Equal(HttpStatusCode.Conflict, (await sites.Api.DeleteAsync($"/api/static-sites/{siteId}/releases/{ids[4]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await sites.Api.DeleteAsync($"/api/static-sites/{siteId}/releases/{ids[2]}", Ct)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Panel.DataPath, "sites", siteId.ToString(), "releases", ids[2].ToString())));
    }

    [Fact]
    public async Task Delete_Site_RemovesItsFilesAndTheEdgeStopsServingIt()
    {
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("gone");
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        await sites.UploadLiveAsync(siteId, Release(1));
        Assert.Equal("200 <h1>release 1</h1>", await sites.GetTextAsync(Host, "/"));

        Assert.Equal(HttpStatusCode.NoContent, (await sites.Api.DeleteAsync($"/api/static-sites/{siteId}", Ct)).StatusCode);

        Assert.False(Directory.Exists(Path.Combine(Panel.DataPath, "sites", siteId.ToString())));
        await Eventually.MatchesAsync(() => sites.GetTextAsync(Host, "/"), text => text.StartsWith("404", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the edge to answer 404 for the deleted site", TimeSpan.FromMilliseconds(100));
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Api.GetAsync($"/api/static-sites/{siteId}", Ct)).StatusCode);
    }
}
