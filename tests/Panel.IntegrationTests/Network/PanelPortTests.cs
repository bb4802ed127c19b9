using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.IntegrationTests.Image;
using DropIt.Panel.TestSupport;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// The panel's image run as production runs it, in a container on the proxy network (decision 030): it deploys an
/// application health-gated over the project's network, which its container joins for that, and the application there
/// cannot open the panel's port, which answers on the proxy network.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class PanelPortTests(PanelImage image) : IClassFixture<PanelImage>, IAsyncLifetime
{
    private const int PanelPort = 8080;
    private readonly string name = $"dropit-port-test-{Guid.NewGuid():N}"[..30];
    private Guid? projectId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ = image;
        await NetworkProbes.EnsureImageAsync();
        if (!(await ChildProcess.RunAsync(TestImages.DockerCli, ["network", "inspect", TestNetworks.Proxy], null, Ct)).Succeeded)
        {
            await TestImages.DockerAsync("network", "create", "--driver", "overlay", "--attachable", TestNetworks.Proxy);
        }

        await StartPanelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "--force", "--volumes", name], null, CancellationToken.None);
        if (projectId is { } project)
        {
            var network = TestNetworks.OfProject(project);
            if (await ServicesOnAsync(project) is { Length: > 0 } services)
            {
                await ChildProcess.RunAsync(TestImages.DockerCli, ["service", "rm", .. services], null, CancellationToken.None);
            }

            await Eventually.MatchesAsync(() => ChildProcess.RunAsync(TestImages.DockerCli, ["network", "rm", network], null, CancellationToken.None),
                r => r.Succeeded || r.Error.Contains("not found", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60),
                $"the network {network} removed");
        }
    }

    [Fact]
    public async Task PanelInAContainer_DeploysHealthGatedOverTheProjectNetworkAndTheApplicationCannotOpenThePanelsPort()
    {
        Assert.Contains("The panel listens only on loopback and its address on the proxy network", await LogsAsync());

        var project = JsonDocument.Parse(await ApiAsync("POST", "/api/projects", $$"""{"name":"port-{{Guid.NewGuid():N}}"}""")).RootElement;
        projectId = project.GetProperty("id").GetGuid();
        var app = JsonDocument.Parse(await ApiAsync("POST", $"/api/projects/{projectId}/services",
            JsonSerializer.Serialize(NetworkProbes.Application("web"), ApiJson.Options))).RootElement.GetProperty("id").GetGuid();
        var deployment = JsonDocument.Parse(await ApiAsync("POST", $"/api/services/{app}/deployments", null)).RootElement.GetProperty("id").GetGuid();
        var finished = await Eventually.MatchesAsync(async () => JsonDocument.Parse(await ApiAsync("GET", $"/api/deployments/{deployment}", null)).RootElement,
            d => d.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled", TimeSpan.FromMinutes(3), "the deployment to finish");
        Assert.True(finished.GetProperty("status").GetString() == "succeeded",
            finished.GetProperty("error").ToString() + "\n" + await ApiAsync("GET", $"/api/deployments/{deployment}/log", null));

        // The HTTP health check went over the project's network, which the panel's container joined for it.
        var network = TestNetworks.OfProject(projectId.Value);
        Assert.Contains(network, await NetworkProbes.ContainerNetworksAsync(name));
        Assert.Contains("answered 200", await ApiAsync("GET", $"/api/deployments/{deployment}/log", null));

        // From the application's container: the panel is there on the project network, but its port does not open.
        var upstream = new Uri(JsonDocument.Parse(await ApiAsync("GET", $"/api/services/{app}", null)).RootElement.GetProperty("upstream").GetString()!);
        var appContainer = await NetworkProbes.ContainerOfAsync(upstream.Host);
        var panelOnProject = await NetworkProbes.AddressOnAsync(name, network);
        Assert.False(string.IsNullOrEmpty(panelOnProject));
        Assert.False(await NetworkProbes.OpensAsync(appContainer, panelOnProject, PanelPort), $"{panelOnProject}:{PanelPort} opened from the application.");
        Assert.False(await NetworkProbes.OpensAsync(appContainer, name, PanelPort), $"{name}:{PanelPort} opened from the application.");

        // On the proxy network the same port answers (what Traefik uses).
        var panelOnProxy = await NetworkProbes.AddressOnAsync(name, TestNetworks.Proxy);
        var live = await ChildProcess.RunAsync(TestImages.DockerCli, ["run", "--rm", "--network", TestNetworks.Proxy, TestImages.Busybox, "sh", "-c",
            $"(printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n'; sleep 5) | nc -w 3 {panelOnProxy} {PanelPort}"], null, Ct);
        Assert.True(live.Output.Contains("200 OK", StringComparison.Ordinal),
            $"GET /health/live on {panelOnProxy}:{PanelPort}: {live.Output}{live.Error}\n{await LogsAsync()}");
    }

    private async Task StartPanelAsync()
    {
        var database = "port_" + Guid.NewGuid().ToString("N")[..16];
        var socketFolder = new NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString(database)).Host!;
        var connectionString = new NpgsqlConnectionStringBuilder { Host = "/run/postgresql", Port = 5432, Username = "dropit", Database = database };
        var dockerGroup = (await ChildProcess.RunAsync("/usr/bin/stat", ["-c", "%g", "/var/run/docker.sock"], null, Ct)).Output.Trim();
        string[] settings =
        [
            $"ConnectionStrings__Panel={connectionString}",
            "StaticSites__EdgeMode=External",
            "Monitoring__Enabled=false",
            "Acme__Enabled=false",
            "Cleanup__Enabled=false",
            $"Docker__Network={TestNetworks.Proxy}",
            "Docker__EndpointMode=dnsrr",
            $"Traefik__ContainerName={name}-no-traefik",
            $"Panel__Bootstrap__AdminEmail={PanelFactory.AdminEmail}",
            $"Panel__Bootstrap__AdminPassword={PanelFactory.AdminPassword}",
            $"Panel__Bootstrap__ApiToken={BootstrappedPanel.Token}",
        ];
        await TestImages.DockerAsync([
            "run", "--detach", "--name", name, "--group-add", dockerGroup, "--network", TestNetworks.Proxy,
            "--volume", "/var/run/docker.sock:/var/run/docker.sock", "--volume", $"{socketFolder}:/run/postgresql",
            .. settings.SelectMany(s => new[] { "--env", s }), PanelImage.Tag,
        ]);
        await Eventually.MatchesAsync(() => ChildProcess.RunAsync(TestImages.DockerCli,
                ["exec", name, "curl", "-fsS", "-o", "/dev/null", "-H", $"Authorization: Bearer {BootstrappedPanel.Token}", $"http://127.0.0.1:{PanelPort}/health/ready"], null, Ct),
            r => r.Succeeded, TimeSpan.FromMinutes(3), $"the panel in {name} ready on loopback");
    }

    /// <summary>The panel's API from inside its own container, on loopback (curl is in the image).</summary>
    private async Task<string> ApiAsync(string method, string path, string? json)
    {
        List<string> args = ["exec", name, "curl", "-sS", "--fail-with-body", "-X", method, "-H", $"Authorization: Bearer {BootstrappedPanel.Token}"];
        if (json is not null)
        {
            args.AddRange(["-H", "Content-Type: application/json", "--data", json]);
        }

        var result = await ChildProcess.RunAsync(TestImages.DockerCli, [.. args, $"http://127.0.0.1:{PanelPort}{path}"], null, Ct);
        return result.Succeeded ? result.Output : throw new InvalidOperationException($"{method} {path}: {result.Output}{result.Error}");
    }

    private async Task<string> LogsAsync()
    {
        var logs = await ChildProcess.RunAsync(TestImages.DockerCli, ["logs", name], null, Ct);
        return logs.Output + logs.Error;
    }

    private static async Task<string[]> ServicesOnAsync(Guid project) =>
        (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.project={project}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
