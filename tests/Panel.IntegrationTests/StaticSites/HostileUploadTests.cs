using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.StaticSites;

/// <summary>A panel whose upload limit is small enough to pass it in a test.</summary>
public sealed class SmallUploadPanel : BootstrappedPanel
{
    public const long Limit = 8 * 1024 * 1024;

    public SmallUploadPanel() => Settings["StaticSites:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Hostile and broken zips over HTTP: each refused with its own message, the live release untouched.</summary>
public sealed class HostileUploadTests : PanelTest<SmallUploadPanel>
{
    private const string Host = "hostile.dropit.test";
    private const string LivePage = "<!doctype html><title>Live</title><h1>The live release</h1>";

    [Fact]
    public async Task Upload_EachHostileZip_IsRefusedWithItsReasonAndTheLiveReleaseStays()
    {
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("hostile");
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        var live = await sites.UploadLiveAsync(siteId, HostileZips.Site(new Dictionary<string, string> { ["index.html"] = LivePage }));
        var siteFolder = Path.Combine(Panel.DataPath, "sites", siteId.ToString());
        var before = Snapshot(siteFolder);

        var wrong = new List<string>();
        foreach (var zip in HostileZips.All())
        {
            var response = await sites.UploadAsync(siteId, zip.Content, zip.Name + ".zip");
            var detail = (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail ?? "";
            if (response.StatusCode != HttpStatusCode.BadRequest || !detail.Contains(zip.ExpectedMessageFragment, StringComparison.OrdinalIgnoreCase))
            {
                wrong.Add($"{zip.Name}: {(int)response.StatusCode} {detail}");
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(before, Snapshot(siteFolder));
        Assert.Equal($"200 {LivePage}", await sites.GetTextAsync(Host, "/"));
        var releases = await sites.Api.GetFromJsonAsync<JsonElement>($"/api/static-sites/{siteId}/releases", Ct);
        Assert.Equal(live, Assert.Single(releases.EnumerateArray()).GetProperty("id").GetGuid());
        var messages = HostileZips.All().Select(z => z.ExpectedMessageFragment).Distinct().Count();
        Assert.True(messages >= 10, "the corpus's refusals should say different things");
    }

    [Fact]
    public async Task Upload_OverTheLimit_IsRefusedWhileStreamingAndLeavesNothing()
    {
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("big");
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        await sites.UploadLiveAsync(siteId, HostileZips.Site(new Dictionary<string, string> { ["index.html"] = LivePage }));
        var siteFolder = Path.Combine(Panel.DataPath, "sites", siteId.ToString());
        var before = Snapshot(siteFolder);

        // 200 MB offered without a length: the panel must stop reading soon after its 8 MB limit.
        await using var endless = new CountingStream(200L * 1024 * 1024);
        var file = new StreamContent(endless);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var form = new MultipartFormDataContent { { file, "file", "huge.zip" } };
        var response = await sites.Api.PostAsync($"/api/static-sites/{siteId}/releases", form, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("StaticSites:MaxUploadBytes", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        Assert.True(endless.Produced < 4 * SmallUploadPanel.Limit, $"{endless.Produced} bytes were read for an 8 MB limit");
        Assert.Equal(before, Snapshot(siteFolder));
        Assert.Equal($"200 {LivePage}", await sites.GetTextAsync(Host, "/"));
    }

    /// <summary>Every file and link under the site's folder, with its size or target.</summary>
    private static string Snapshot(string folder) => string.Join('\n', new DirectoryInfo(folder)
        .EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
        .Select(f => $"{Path.GetRelativePath(folder, f.FullName)} {f.LinkTarget ?? (f is FileInfo file ? file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "dir")}")
        .Where(line => !line.StartsWith("incoming ", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    /// <summary>A non-seekable stream of zeros that counts what was read from it.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long Produced { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Produced);
            Array.Clear(buffer, offset, n);
            Produced += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
