using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Network;

/// <summary>
/// One network per project (decision 030), against the real engine: a container of one project reaches its own
/// project's database and not another project's, asked from inside the container.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class ProjectNetworkTests : PanelTest<BootstrappedPanel>
{
    private DatabaseHarness harness = null!;
    private DeployClient client = null!;
    private readonly List<Guid> applications = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        await NetworkProbes.EnsureImageAsync();
        harness = new DatabaseHarness(Panel);
        client = new DeployClient(Panel.Api());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var app in applications)
        {
            await client.Api.DeleteAsync($"/api/services/{app}", CancellationToken.None);
        }

        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ContainerOfProjectA_ReachesItsOwnDatabaseButNotTheDatabaseOfProjectB()
    {
        var projectA = await harness.CreateProjectAsync("neta");
        var projectB = await harness.CreateProjectAsync("netb");
        var databaseA = await CreateDatabaseAsync(projectA, "db");
        var databaseB = await CreateDatabaseAsync(projectB, "db");
        var app = await DeployAsync(projectA, "web");

        var container = await NetworkProbes.ContainerOfAsync(await EngineNameAsync(app));

        // Its own database, by the name in its URL and by its short name on the project's network.
        Assert.True(await NetworkProbes.OpensAsync(container, databaseA.Host, 5432), $"{databaseA.Host}:5432 did not open from project A.");
        Assert.True(await NetworkProbes.OpensAsync(container, "db", 5432), "db:5432 (the alias) did not open from project A.");

        // The other project's database: its name does not resolve and the container has no interface on its network, so
        // no packet of project A reaches it but through the host's default route (never sent here: it would leave the machine).
        Assert.False(await NetworkProbes.ResolvesAsync(container, databaseB.Host), $"{databaseB.Host} resolves from project A.");
        Assert.False(await NetworkProbes.OpensAsync(container, databaseB.Host, 5432), $"{databaseB.Host}:5432 opened from project A.");
        var networkB = TestNetworks.OfProject(projectB);
        Assert.Equal([TestNetworks.OfProject(projectA)], (await NetworkProbes.ContainerNetworksAsync(container)).Where(n => n != "docker_gwbridge"));
        Assert.DoesNotContain(networkB, await NetworkProbes.ContainerNetworksAsync(container));

        // Each service is on its project's network only, labelled with the project.
        Assert.Equal([TestNetworks.OfProject(projectA)], await NetworkProbes.ServiceNetworksAsync(await EngineNameAsync(app)));
        Assert.Equal([TestNetworks.OfProject(projectA)], await NetworkProbes.ServiceNetworksAsync(databaseA.Host));
        Assert.Equal([networkB], await NetworkProbes.ServiceNetworksAsync(databaseB.Host));
        Assert.Equal($"true {projectA}", (await TestImages.DockerAsync("network", "inspect", "--format",
            "{{index .Labels \"dropit.managed\"}} {{index .Labels \"dropit.project\"}}", TestNetworks.OfProject(projectA))).Trim());
    }

    [Fact]
    public async Task Deploy_VariableReferencingADatabaseOfAnotherProject_FailsSayingItCannotBeReached()
    {
        var own = await harness.CreateProjectAsync("refa");
        var other = await harness.CreateProjectAsync("refb");
        var created = await harness.CreateAsync(other, new DatabaseInput(Name: "orders", Engine: DatabaseEngine.Postgres, Version: "15"));
        Assert.True(created.Succeeded, created.Error);
        var app = await client.CreateApplicationAsync(own, NetworkProbes.Application("web"));
        applications.Add(app);
        var put = await client.Api.PutAsync($"/api/services/{app}/env",
            new StringContent("DATABASE_URL=${{ orders.url }}\n", System.Text.Encoding.UTF8, "text/plain"), Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));

        var deployment = await client.WaitFinishedAsync(await client.DeployAsync(app));

        Assert.Equal("failed", deployment.GetProperty("status").GetString());
        var error = deployment.GetProperty("error").GetString();
        Assert.Contains("DATABASE_URL refers to ${{ orders.url }}, a database of the project \"refb\"", error);
        Assert.Contains("reaches only the databases of its own project", error);
        await harness.WaitDeployedAsync(created.Value!.Id);
    }

    [Fact]
    public async Task ServiceStillOnTheProxyNetwork_IsReachedUntilItMovesToTheProjectNetworkAtItsNextDeployment()
    {
        var project = await harness.CreateProjectAsync("netmove");
        var database = await CreateDatabaseAsync(project, "db");
        // The database as an earlier version of the panel left it: on the shared proxy network only.
        var network = TestNetworks.OfProject(project);
        await TestImages.DockerAsync("service", "update", "--quiet", "--network-add", TestNetworks.Proxy, "--network-rm", network, database.Host);
        Assert.Equal([TestNetworks.Proxy], await NetworkProbes.ServiceNetworksAsync(database.Host));

        // A new application joins the proxy network too, while a service of its project is still there only.
        var app = await DeployAsync(project, "web");
        var first = await EngineNameAsync(app);
        Assert.Equal([network, TestNetworks.Proxy], await NetworkProbes.ServiceNetworksAsync(first));
        Assert.True(await NetworkProbes.OpensAsync(await NetworkProbes.ContainerOfAsync(first), database.Host, 5432));

        // The database moves at its next deployment; then the application's next version needs the proxy network no more.
        var changed = await harness.UpdateAsync(database.Id, new DatabaseInput(ServerSettings: [new ServerSetting { Name = "work_mem", Value = "5MB" }]));
        Assert.True(changed.Succeeded, changed.Error);
        var moved = await harness.WaitDeployedAsync(database.Id, after: database.LiveDeploymentId);
        Assert.True(moved.Status == DeploymentStatus.Succeeded, moved.Error + "\n" + await harness.LogAsync(moved.Id));
        Assert.Equal([network], await NetworkProbes.ServiceNetworksAsync(database.Host));
        await client.DeploySucceededAsync(app);
        var second = await EngineNameAsync(app);
        Assert.Equal([network], await NetworkProbes.ServiceNetworksAsync(second));
        Assert.True(await NetworkProbes.OpensAsync(await NetworkProbes.ContainerOfAsync(second), database.Host, 5432));
    }

    [Fact]
    public async Task EncryptNetworksSetting_NewProjectNetworkIsEncryptedAndDeletingTheProjectRemovesIt()
    {
        var outcome = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>()
            .SetEncryptNetworksAsync(true, Core.Common.Actor.System, CancellationToken.None));
        Assert.True(outcome.Succeeded, outcome.Error);
        var project = await client.CreateProjectAsync($"netenc-{Guid.NewGuid():N}"[..14]);
        var app = await DeployAsync(project, "web");
        var network = TestNetworks.OfProject(project);

        Assert.Contains("\"encrypted\":\"\"", await TestImages.DockerAsync("network", "inspect", "--format", "{{json .Options}}", network));

        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{app}", Ct)).StatusCode);
        applications.Remove(app);
        await Eventually.MatchesAsync(() => TestImages.DockerAsync("ps", "-aq", "--filter", $"label=dropit.service={app}"),
            ids => ids.Trim().Length == 0, TimeSpan.FromSeconds(60), "the application's containers gone");
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/projects/{project}", Ct)).StatusCode);
        await Eventually.MatchesAsync(() => TestImages.DockerAsync("network", "ls", "-q", "--filter", $"name={network}"),
            ids => ids.Trim().Length == 0, TimeSpan.FromSeconds(30), $"the network {network} removed with its project");
    }

    private async Task<DatabaseView> CreateDatabaseAsync(Guid project, string name)
    {
        var created = await harness.CreateAsync(project, new DatabaseInput(Name: name, Engine: DatabaseEngine.Postgres, Version: "15"));
        Assert.True(created.Succeeded, created.Error);
        var deployed = await harness.WaitDeployedAsync(created.Value!.Id);
        Assert.True(deployed.Status == DeploymentStatus.Succeeded, deployed.Error + "\n" + await harness.LogAsync(deployed.Id));
        return (await harness.FindAsync(created.Value.Id))!;
    }

    private async Task<Guid> DeployAsync(Guid project, string name)
    {
        var app = await client.CreateApplicationAsync(project, NetworkProbes.Application(name));
        applications.Add(app);
        await client.DeploySucceededAsync(app);
        return app;
    }

    private async Task<string> EngineNameAsync(Guid app) => (await client.UpstreamAsync(app))!.Host;
}
