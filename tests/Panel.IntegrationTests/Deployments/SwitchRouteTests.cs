using System.Net.Http.Json;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>
/// The traffic switch awaits the service's Traefik file (decision 28): a file that cannot be written fails the
/// deployment while the previous version keeps serving, and never holds back another service's file.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class SwitchRouteTests : PanelTest<BootstrappedPanel>
{
    private GitServer git = null!;
    private DeployClient client = null!;

    private string Dynamic => Path.Combine(Panel.DataPath, "traefik", "dynamic");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        git = await GitServer.StartAsync();
        client = new DeployClient(Panel.Api());
    }

    public override async ValueTask DisposeAsync()
    {
        await git.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Redeploy_RouteFileCannotBeWritten_FailsNamingTheFileAndThePreviousVersionKeepsServing()
    {
        var (serviceId, repo) = await CreateRoutedAppAsync("refused", "refused.dropit.test");
        var first = await client.DeploySucceededAsync(serviceId);
        var path = Path.Combine(Dynamic, TraefikFiles.Service(serviceId));
        var firstUpstream = (await client.UpstreamAsync(serviceId))!.Host;
        Assert.Contains(firstUpstream, await File.ReadAllTextAsync(path, Ct));
        Block(path);

        await repo.CommitAsync(SampleApp.Files("2"), "Version 2");
        var second = await client.DeployAsync(serviceId);
        var failed = await client.WaitFinishedAsync(second);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains($"The route file {path} could not be written", error);
        Assert.Contains("the previous version keeps serving", error);
        Assert.Contains($"Failed: {error}", await client.LogAsync(second));
        Assert.Equal(first, (await client.GetServiceAsync(serviceId)).GetProperty("liveDeploymentId").GetGuid());
        Assert.Equal(firstUpstream, (await client.UpstreamAsync(serviceId))!.Host);
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={second}")).Trim());

        Directory.Delete(path);
        await client.DeploySucceededAsync(serviceId);
        Assert.Contains("version 2", await client.FetchLiveAsync(serviceId, "/index.html"));
        Assert.Contains((await client.UpstreamAsync(serviceId))!.Host, await File.ReadAllTextAsync(path, Ct));
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Deploy_AnotherServicesFileIsRefused_WritesThisServicesFileAndSucceeds()
    {
        var (refusedId, _) = await CreateRoutedAppAsync("other", "other.dropit.test");
        await client.DeploySucceededAsync(refusedId);
        var refusedPath = Path.Combine(Dynamic, TraefikFiles.Service(refusedId));
        Block(refusedPath);
        var (serviceId, _) = await CreateRoutedAppAsync("fine", "fine.dropit.test");

        await client.DeploySucceededAsync(serviceId);

        var file = await File.ReadAllTextAsync(Path.Combine(Dynamic, TraefikFiles.Service(serviceId)), Ct);
        Assert.Contains("Host(`fine.dropit.test`)", file);
        Assert.Contains((await client.UpstreamAsync(serviceId))!.Host, file);
        Assert.True(Directory.Exists(refusedPath));
        Directory.Delete(refusedPath);
        await DeleteAsync(serviceId);
        await DeleteAsync(refusedId);
    }

    private async Task<(Guid ServiceId, GitRepository Repo)> CreateRoutedAppAsync(string name, string host)
    {
        var repo = await git.CreateRepositoryAsync(name, SampleApp.Files("1"));
        var project = await client.CreateProjectAsync($"p-{name}");
        var serviceId = await client.CreateGitApplicationAsync(project, "api", repo.CloneUri);
        var add = await client.Api.PostAsJsonAsync($"/api/services/{serviceId}/domains", new { host, https = false }, ApiJson.Options, Ct);
        Assert.True(add.IsSuccessStatusCode, await add.Content.ReadAsStringAsync(Ct));
        return (serviceId, repo);
    }

    /// <summary>Puts a folder where the service's file goes: no write to that path can succeed, even as root.</summary>
    private static void Block(string path)
    {
        File.Delete(path);
        Directory.CreateDirectory(path);
    }

    private async Task DeleteAsync(Guid serviceId) =>
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
}
