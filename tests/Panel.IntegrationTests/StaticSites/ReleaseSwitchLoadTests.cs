using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.StaticSites;

/// <summary>Release switches under steady load against the real static edge.</summary>
[Collection(Timing.Name)]
public sealed partial class ReleaseSwitchLoadTests : PanelTest<BootstrappedPanel>
{
    private const string Host = "load.dropit.test";
    private const int Switches = 20;
    private const int Workers = 4;

    [Fact]
    public async Task Activate_TwentySwitchesUnderLoad_NoFailedRequestAndEveryPageComesWholeFromOneRelease()
    {
        using var sites = new StaticSiteClient(Panel.Api(), Panel.EdgePort);
        var projectId = await new DeployClient(Panel.Api()).CreateProjectAsync("load");
        var siteId = await sites.CreateAsync(projectId, "web", Host);
        var builds = new[] { await ViteApp.BuildAsync("https://api.blue.test", Ct), await ViteApp.BuildAsync("https://api.green.test", Ct) };
        var releases = new List<Guid>();
        foreach (var build in builds)
        {
            releases.Add(await sites.UploadLiveAsync(siteId, ViteApp.Zip(build)));
        }

        // What each release's page and script are, byte for byte.
        var known = builds.Select(b => File.ReadAllText(Path.Combine(b, "index.html"))).ToList();
        var scripts = builds.Select((b, i) => (Html: known[i], Path: ScriptSource().Match(known[i]).Groups[1].Value, Body: File.ReadAllBytes(b + ScriptSource().Match(known[i]).Groups[1].Value))).ToList();
        Assert.NotEqual(scripts[0].Path, scripts[1].Path);

        var failures = new ConcurrentQueue<string>();
        var pages = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(90));
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
        async Task LoadAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var page = await StaticSiteClient.GetAsync(client, Panel.EdgePort, Host, "/", acceptGzip: false, stop.Token);
                    var html = await page.Content.ReadAsStringAsync(stop.Token);
                    var release = scripts.FindIndex(s => s.Html == html);
                    if (page.StatusCode != HttpStatusCode.OK || release < 0)
                    {
                        failures.Enqueue($"page: {(int)page.StatusCode}, {html.Length} characters matching no release");
                        continue;
                    }

                    var script = await StaticSiteClient.GetAsync(client, Panel.EdgePort, Host, scripts[release].Path, acceptGzip: false, stop.Token);
                    var body = await script.Content.ReadAsByteArrayAsync(stop.Token);
                    if (script.StatusCode != HttpStatusCode.OK || !body.AsSpan().SequenceEqual(scripts[release].Body))
                    {
                        failures.Enqueue($"{scripts[release].Path}: {(int)script.StatusCode}, {body.Length} bytes, not release {release}'s script");
                    }

                    Interlocked.Increment(ref pages);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        }

        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(LoadAsync, Ct)).ToList();
        await Task.Delay(300, Ct);
        for (var i = 0; i < Switches; i++)
        {
            var response = await sites.ActivateAsync(siteId, releases[i % 2]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(150, Ct);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(pages > Switches * 2, $"only {pages} pages were loaded during the switches");
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
