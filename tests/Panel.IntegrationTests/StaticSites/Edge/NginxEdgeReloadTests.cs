using System.Net;
using DropIt.Panel.Core.StaticSites.Edge;

namespace DropIt.Panel.IntegrationTests.StaticSites.Edge;

/// <summary>Reloads of the real nginx: a new site appears, a bad file never stops the edge.</summary>
public sealed class NginxEdgeReloadTests : IAsyncLifetime
{
    private static readonly StaticEdgeSite First = new(Guid.NewGuid(), ["first.test"], SpaMode: true);
    private static readonly StaticEdgeSite Second = new(Guid.NewGuid(), ["second.test"], SpaMode: false, NotFoundPage: "404.html");

    private readonly EdgeSandbox edge = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NginxProcess Nginx => edge.Nginx!;

    public async ValueTask InitializeAsync()
    {
        foreach (var (site, text) in new[] { (First, "first site"), (Second, "second site") })
        {
            await edge.WriteReleaseAsync(site.SiteId, "r1", new Dictionary<string, string> { ["index.html"] = $"<h1>{text}</h1>" }, Ct);
            edge.Point(site.SiteId, "current", "r1");
        }

        await edge.StartAsync([First], Ct);
    }

    public ValueTask DisposeAsync() => edge.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string host, bool newConnection = false)
    {
        using var response = await edge.GetAsync(host, "/", Ct, newConnection: newConnection);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Reload_WithASecondSite_ServesItWhileTheFirstNeverStops()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("second.test")).Status);
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            var answers = new List<(HttpStatusCode, string)>();
            while (!stop.IsCancellationRequested)
            {
                answers.Add(await GetAsync("first.test", newConnection: true));
            }

            return answers;
        }, Ct);

        await edge.WriteConfigAsync([First, Second], Ct);
        await Nginx.ReloadAsync(Ct);
        var second = await GetAsync("second.test", newConnection: true);
        await stop.CancelAsync();
        var answers = await watcher;

        Assert.Equal((HttpStatusCode.OK, "<h1>second site</h1>"), second);
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "<h1>first site</h1>"), a));
    }

    [Fact]
    public async Task TestConfig_OnABrokenFile_ReturnsNginxsErrorAndTheEdgeKeepsServing()
    {
        var broken = Path.Combine(edge.Static, "broken.conf");
        await File.WriteAllTextAsync(broken, StaticEdgeConfigBuilder.Build(edge.Settings, [First]) + "nonsense_directive on;\n", Ct);

        var error = await Nginx.TestConfigAsync(broken, Ct);

        Assert.NotNull(error);
        Assert.Contains("unknown directive \"nonsense_directive\"", error, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "<h1>first site</h1>"), await GetAsync("first.test"));
    }

    [Fact]
    public async Task Reload_OfABrokenFile_IsRefusedAndTheRunningConfigurationKeepsServing()
    {
        await File.WriteAllTextAsync(edge.ConfigPath, StaticEdgeConfigBuilder.Build(edge.Settings, [First, Second]) + "}\n", Ct);

        var error = await Assert.ThrowsAsync<NginxProcessException>(() => Nginx.ReloadAsync(Ct));

        Assert.Contains("unexpected \"}\"", error.Message, StringComparison.Ordinal);
        Assert.False(Nginx.HasExited);
        Assert.Equal((HttpStatusCode.OK, "<h1>first site</h1>"), await GetAsync("first.test"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("second.test")).Status);
    }

    [Fact]
    public async Task Dispose_StopsNginx_AndFreesThePort()
    {
        var pid = Nginx.ProcessId;

        await Nginx.DisposeAsync();

        Assert.True(Nginx.HasExited);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(IPAddress.Loopback, edge.Port, Ct).AsTask());
    }

    [Fact]
    public async Task Start_OnAPortInUse_FailsWithNginxsMessage()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var config = Path.Combine(edge.Static, "taken.conf");
        await File.WriteAllTextAsync(config, StaticEdgeConfigBuilder.Build(edge.Settings with { Listen = $"127.0.0.1:{port}", PidPath = "taken.pid" }, [First]), Ct);

        var error = await Assert.ThrowsAsync<NginxProcessException>(() =>
            NginxProcess.StartAsync(new NginxProcessOptions(edge.Static, config, new IPEndPoint(IPAddress.Loopback, port)), Ct));

        Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
    }
}
