using System.Net.Http.Json;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// Containers of applications run without NET_RAW and, where the engine can set it on Swarm services, with
/// no-new-privileges; an admin can opt a service out (decision 030). Asked from inside the containers, as root.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class HardeningTests : PanelTest<BootstrappedPanel>
{
    private DeployClient client = null!;
    private readonly List<Guid> applications = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await NetworkProbes.EnsureImageAsync();
        client = new DeployClient(Panel.Api());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var app in applications)
        {
            await client.Api.DeleteAsync($"/api/services/{app}", CancellationToken.None);
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_Application_ItsContainerCannotOpenARawSocketAndGainsNoPrivilegesWhereTheEngineCanSayIt()
    {
        var container = await DeployAsync("hardened", relaxed: false);
        var hardening = await Panel.WithScopeAsync(sp => sp.GetRequiredService<ISwarmOperations>().HardeningAsync(CancellationToken.None));

        var ping = await NetworkProbes.ExecAsync(container, "ping -c 1 -W 1 127.0.0.1");
        Assert.NotEqual(0, ping.ExitCode);
        Assert.Contains("permission denied", ping.Output);
        Assert.Equal("0", (await NetworkProbes.ExecAsync(container, "id -u")).Output.Trim());

        // PID 1, the image's own process: no-new-privileges is what the engine enforces, no more and no less.
        var status = (await NetworkProbes.ExecAsync(container, "grep NoNewPrivs /proc/1/status")).Output;
        Assert.Contains(hardening.NoNewPrivileges ? "NoNewPrivs:\t1" : "NoNewPrivs:\t0", status);
        Assert.Equal(hardening.NoNewPrivileges, hardening.Missing is null);
    }

    [Fact]
    public async Task Deploy_RelaxedSecurity_KeepsNetRawAndTheApiShowsTheOptOut()
    {
        var container = await DeployAsync("relaxed", relaxed: true);

        var ping = await NetworkProbes.ExecAsync(container, "ping -c 1 -W 1 127.0.0.1");

        Assert.True(ping.ExitCode == 0, ping.Output);
        Assert.Contains("NoNewPrivs:\t0", (await NetworkProbes.ExecAsync(container, "grep NoNewPrivs /proc/1/status")).Output);
        Assert.True((await client.GetServiceAsync(applications[^1])).GetProperty("relaxedSecurity").GetBoolean());

        var patch = await client.Api.PatchAsJsonAsync($"/api/services/{applications[^1]}", new { relaxedSecurity = false }, Ct);
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));
        await client.DeploySucceededAsync(applications[^1]);
        var hardened = await NetworkProbes.ContainerOfAsync((await client.UpstreamAsync(applications[^1]))!.Host);
        Assert.Contains("permission denied", (await NetworkProbes.ExecAsync(hardened, "ping -c 1 -W 1 127.0.0.1")).Output);
    }

    private async Task<string> DeployAsync(string name, bool relaxed)
    {
        var project = await client.CreateProjectAsync($"harden-{name}-{Guid.NewGuid():N}"[..20]);
        var app = await client.CreateApplicationAsync(project, NetworkProbes.Application("web", relaxed));
        applications.Add(app);
        await client.DeploySucceededAsync(app);
        return await NetworkProbes.ContainerOfAsync((await client.UpstreamAsync(app))!.Host);
    }
}
