using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>A panel whose Traefik is a stand-in container of its own on the proxy network (no Traefik image can be had here).</summary>
public sealed class TraefikStandInPanel : BootstrappedPanel
{
    public TraefikStandInPanel() => Settings["Traefik:ContainerName"] = Container;

    public string Container { get; } = $"dropit-test-traefik-{Guid.NewGuid():N}"[..32];
}

/// <summary>
/// Traefik joins the network of a project once it has a routed application, reaches the application there, and leaves
/// when the project's last route goes (decision 030). Traefik is a busybox container standing in for it: what matters
/// is which networks the container is on and what it reaches from there.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class TraefikNetworkTests : PanelTest<TraefikStandInPanel>
{
    private DeployClient client = null!;
    private readonly List<Guid> applications = [];

    public override async ValueTask InitializeAsync()
    {
        await NetworkProbes.EnsureImageAsync();
        await base.InitializeAsync();
        client = new DeployClient(Panel.Api());
        await TestImages.DockerAsync("run", "--detach", "--name", Panel.Container, "--network", TestNetworks.Proxy, TestImages.Busybox,
            "sleep", "3600");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var app in applications)
        {
            await client.Api.DeleteAsync($"/api/services/{app}", CancellationToken.None);
        }

        await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "--force", Panel.Container], null, CancellationToken.None);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task RoutedApplication_TraefikJoinsItsProjectNetworkReachesItAndLeavesWhenTheDomainGoes()
    {
        var routed = await client.CreateProjectAsync($"routed-{Guid.NewGuid():N}"[..15]);
        var unrouted = await client.CreateProjectAsync($"unrouted-{Guid.NewGuid():N}"[..17]);
        var app = await DeployAsync(routed);
        await DeployAsync(unrouted);
        var network = TestNetworks.OfProject(routed);
        Assert.DoesNotContain(network, await NetworkProbes.ContainerNetworksAsync(Panel.Container));

        var added = await client.Api.PostAsJsonAsync($"/api/services/{app}/domains", new { host = "routed.dropit.test", https = false }, Ct);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync(Ct));
        var domainId = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();

        await Eventually.MatchesAsync(() => NetworkProbes.ContainerNetworksAsync(Panel.Container), n => n.Contains(network),
            TimeSpan.FromSeconds(30), $"Traefik's container on {network}");
        var upstream = (await client.UpstreamAsync(app))!;
        var page = await NetworkProbes.ExecAsync(Panel.Container,
            $"printf 'GET /health HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {upstream.Host} {upstream.Port}");
        Assert.Contains("200 OK", page.Output);
        Assert.DoesNotContain(TestNetworks.OfProject(unrouted), await NetworkProbes.ContainerNetworksAsync(Panel.Container));

        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{app}/domains/{domainId}", Ct)).StatusCode);

        await Eventually.MatchesAsync(() => NetworkProbes.ContainerNetworksAsync(Panel.Container), n => !n.Contains(network),
            TimeSpan.FromSeconds(30), $"Traefik's container off {network}");
        Assert.Contains(TestNetworks.Proxy, await NetworkProbes.ContainerNetworksAsync(Panel.Container));
    }

    private async Task<Guid> DeployAsync(Guid project)
    {
        var app = await client.CreateApplicationAsync(project, NetworkProbes.Application("web"));
        applications.Add(app);
        await client.DeploySucceededAsync(app);
        return app;
    }
}
