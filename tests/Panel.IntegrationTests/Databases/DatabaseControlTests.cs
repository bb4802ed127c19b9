using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>Stop, start and delete of a database on real Docker: its data stays through a stop, its volume through a delete.</summary>
[Collection(DockerDatabases.Name)]
public sealed class DatabaseControlTests : PanelTest<BootstrappedPanel>
{
    private DatabaseHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        harness = new DatabaseHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    private static async Task<string> RunningAsync() =>
        (await TestImages.DockerAsync("ps", "-q", "--filter", "label=com.docker.swarm.service.name=ctl-kv", "--filter", "status=running")).Trim();

    [Fact]
    public async Task StopStartDelete_KeepTheDataThroughAStopAndTheVolumeThroughADeleteThatKeepsIt()
    {
        var project = await harness.CreateProjectAsync("ctl");
        var created = await harness.CreateAsync(project, new DatabaseInput(Name: "kv", Engine: DatabaseEngine.Redis, Version: "7"));
        Assert.True(created.Succeeded, created.Error);
        var id = created.Value!.Id;
        Assert.Equal(DeploymentStatus.Succeeded, (await harness.WaitDeployedAsync(id)).Status);
        var url = (await harness.CredentialsAsync(id)).Url;
        Assert.Equal("OK", (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", url, "SET", "cart:1", "3 items")).Trim());

        Assert.True((await harness.ControlAsync(c => c.StopAsync(id, Actor.System, CancellationToken.None))).Succeeded);
        await Eventually.MatchesAsync(RunningAsync, c => c.Length == 0, TimeSpan.FromSeconds(60), "no running container after the stop");
        Assert.Equal((ServiceStatus.Stopped, true), ((await harness.FindAsync(id))!.Status, (await harness.FindAsync(id))!.Stopped));

        Assert.True((await harness.ControlAsync(c => c.StartAsync(id, Actor.System, CancellationToken.None))).Succeeded);
        var value = await Eventually.MatchesAsync(async () =>
        {
            try
            {
                return (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", url, "GET", "cart:1")).Trim();
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        }, v => v == "3 items", TimeSpan.FromSeconds(60), "the key after the start");
        Assert.Equal("3 items", value);

        Assert.True((await harness.ControlAsync(c => c.DeleteAsync(id, false, Actor.System, CancellationToken.None))).Succeeded);
        Assert.Null(await harness.FindAsync(id));
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", "name=ctl-kv")).Trim());
        Assert.Equal("ctl-kv-data", (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", "name=ctl-kv-data")).Trim());
    }
}
