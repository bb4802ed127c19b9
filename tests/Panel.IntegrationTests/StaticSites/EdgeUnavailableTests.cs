using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.StaticSites;

/// <summary>
/// The static edge in a container whose image this host does not have and cannot pull (a registry on a closed
/// loopback port stands for an offline host or Docker Hub's rate limit).
/// </summary>
public sealed class UnpullableEdgePanel : BootstrappedPanel
{
    public const string MissingImage = "127.0.0.1:9/dropit-test/no-such-edge:missing";

    public UnpullableEdgePanel()
    {
        Settings["StaticSites:EdgeMode"] = "Container";
        Settings["StaticSites:EdgeImage"] = MissingImage;
        Settings["StaticSites:EdgeContainerName"] = "dropit-test-edge-" + Guid.NewGuid().ToString("N")[..8];
    }
}

/// <summary>An upload on a host whose static edge cannot start ends, live on disk, and says what is wrong with the edge.</summary>
public sealed class EdgeUnavailableTests : PanelTest<UnpullableEdgePanel>
{
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

    [Fact]
    public async Task Upload_EdgeImageCannotBePulled_IsLiveOnDiskAndTheAnswerSaysWhyItIsNotServed()
    {
        var siteId = await sites.CreateAsync(projectId, "web", "offline.dropit.test");

        var response = await sites.UploadAsync(siteId, HostileZips.Site(new Dictionary<string, string> { ["index.html"] = HostileZips.IndexHtml }))
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        var release = JsonDocument.Parse(body).RootElement;
        Assert.True(release.GetProperty("active").GetBoolean());
        var problem = release.GetProperty("edgeProblem").GetString()!;
        Assert.StartsWith("Static edge unavailable: its image 127.0.0.1:9/dropit-test/no-such-edge:missing is not on this host", problem);
        Assert.Contains("Static sites are live on disk but not served", problem);
        Assert.Contains("StaticSites:EdgeImage", problem);
        var current = Path.Combine(Panel.DataPath, "sites", siteId.ToString(), "current", "index.html");
        Assert.Equal(HostileZips.IndexHtml, await File.ReadAllTextAsync(current, Ct));

        // The list of releases carries no such field: it is an answer to the upload, not a property of the release.
        var listed = await sites.Api.GetFromJsonAsync<JsonElement>($"/api/static-sites/{siteId}/releases", Ct);
        Assert.False(listed[0].TryGetProperty("edgeProblem", out _));
    }

    [Fact]
    public async Task Log_EdgeCannotStartAtEveryRoutingChange_SaysItOnceInOneLineWithWhatToDo()
    {
        var siteId = await sites.CreateAsync(projectId, "web", "quiet.dropit.test");
        var zip = HostileZips.Site(new Dictionary<string, string> { ["index.html"] = HostileZips.IndexHtml });
        await sites.UploadLiveAsync(siteId, zip);
        await sites.UploadLiveAsync(siteId, zip);
        // And what the periodic reconciliation does: the same problem, met again.
        var again = await Panel.WithScopeAsync(async sp =>
            await Assert.ThrowsAsync<StaticEdgeException>(() => sp.GetRequiredService<StaticEdgeSync>().ApplyAsync(Ct)));
        Assert.StartsWith("Static edge unavailable", again.Message);

        var log = await PanelLogAsync();
        var lines = log.Split('\n').Where(l => l.Contains("Static edge unavailable", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("[WRN]", line);
        Assert.Contains("set StaticSites:EdgeImage", line);
        Assert.DoesNotContain("DockerApiException", log);
        Assert.DoesNotContain("Could not update the static edge", log);
        Assert.DoesNotContain("without 'OrderBy'", log);
    }

    private async Task<string> PanelLogAsync()
    {
        var texts = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Panel.DataPath, "logs"), "panel-*.log"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            texts.Add(await new StreamReader(stream).ReadToEndAsync(Ct));
        }

        return string.Concat(texts);
    }
}
