using System.Text.Json;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>
/// Builds go to the image registry and services pull from it with its login (decision 063), against a real registry
/// with htpasswd auth and the machine's engine.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class PushPullTests : PanelTest<PushPullPanel>
{
    private DeployClient client = null!;
    private PushPullRegistry registry = null!;

    private static object Runtime => new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 };

    public override async ValueTask InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await DatabaseImages.EnsureAsync();
        registry = await PushPullRegistry.StartAsync();
        Panel.Target = registry.Target;
        await base.InitializeAsync();
        client = new DeployClient(Panel.Api());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await registry.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_WithRegistry_PushesImmutableTagAndServicePullsItWithAuth()
    {
        var serviceId = await UploadedAppAsync("pushed", "one");

        var deploymentId = await client.DeploySucceededAsync(serviceId);

        Assert.Contains("version one", await client.FetchLiveAsync(serviceId, "/index.html"));
        var repository = EngineNames.ImageRepository(serviceId);
        Assert.Contains($"d-{deploymentId:N}", await registry.TagsAsync(repository));
        var inspect = await ServiceInspectAsync(deploymentId);
        var image = inspect[0].GetProperty("Spec").GetProperty("TaskTemplate").GetProperty("ContainerSpec").GetProperty("Image").GetString();
        Assert.Equal($"{registry.Address}/{repository}:d-{deploymentId:N}", image);
        Assert.DoesNotContain(registry.Password, inspect.GetRawText());
        var log = await client.LogAsync(deploymentId);
        TestContext.Current.TestOutputHelper?.WriteLine(log);
        Assert.Contains($"Pushed {registry.Address}/{repository}:d-{deploymentId:N}:", log);
        Assert.Contains("pushed (", log);
        Assert.DoesNotContain(registry.Password, log);

        // The node pulls with the service's login: without the local copy of the reference, a restart (which keeps the
        // login Swarm has for the service) must get it from the registry, which refuses anyone without credentials.
        await TestImages.DockerAsync("image", "rm", image!);
        var restart = await client.Api.PostAsync($"/api/services/{serviceId}/restart", null, Ct);
        Assert.True(restart.IsSuccessStatusCode, await restart.Content.ReadAsStringAsync(Ct));
        await Eventually.TrueAsync(async () => await ImageHereAsync(image!), TimeSpan.FromSeconds(60),
            "the restarted replica pulled its image from the registry with the service's login");
        Assert.Contains("version one", await client.FetchLiveAsync(serviceId, "/index.html"));

        // A second version, then a rollback to the first: its tag is in the registry already, nothing is built.
        var uploaded = await client.UploadSourceAsync(serviceId, SampleApp.Files("two"), Ct);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(Ct));
        await client.DeploySucceededAsync(serviceId);
        Assert.Contains("version two", await client.FetchLiveAsync(serviceId, "/index.html"));
        var rollback = await client.Api.PostAsync($"/api/deployments/{deploymentId}/rollback", null, Ct);
        Assert.Equal(202, (int)rollback.StatusCode);
        var rollbackId = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitFinishedAsync(rollbackId)).GetProperty("status").GetString());
        Assert.Contains("version one", await client.FetchLiveAsync(serviceId, "/index.html"));
        var rollbackLog = await client.LogAsync(rollbackId);
        Assert.DoesNotContain("Building", rollbackLog);
        Assert.Contains("0 layer(s) sent", rollbackLog);
        var rolledBack = (await ServiceInspectAsync(rollbackId))[0].GetProperty("Spec").GetProperty("TaskTemplate")
            .GetProperty("ContainerSpec").GetProperty("Image").GetString();
        Assert.Equal(image, rolledBack);

        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Redeploy_RegistryStopped_FailsAtPushAndOldVersionKeepsServing()
    {
        var serviceId = await UploadedAppAsync("unreachable", "one");
        var liveId = await client.DeploySucceededAsync(serviceId);
        await registry.StopAsync();
        var uploaded = await client.UploadSourceAsync(serviceId, SampleApp.Files("two"), Ct);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(Ct));

        var failed = await client.WaitFinishedAsync(await client.DeployAsync(serviceId));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(DeploymentSteps.Pushing, failed.GetProperty("step").GetString());
        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains("could not be pushed", error);
        Assert.Contains("cannot be reached", error);
        Assert.Contains("Settings → Image registry", error);
        Assert.Contains("previous version keeps serving", error);
        Assert.DoesNotContain(registry.Password, error);
        Assert.Contains("trying once more", await client.LogAsync(failed.GetProperty("id").GetGuid()));
        Assert.Equal(liveId, (await client.GetServiceAsync(serviceId)).GetProperty("liveDeploymentId").GetGuid());
        Assert.Contains("version one", await client.FetchLiveAsync(serviceId, "/index.html"));
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
    }

    private async Task<Guid> UploadedAppAsync(string projectName, string version)
    {
        var project = await client.CreateProjectAsync(projectName);
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "upload" }, port = SampleApp.Port, healthCheck = Runtime,
        });
        var uploaded = await client.UploadSourceAsync(serviceId, SampleApp.Files(version), Ct);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(Ct));
        return serviceId;
    }

    private static async Task<bool> ImageHereAsync(string image)
    {
        try
        {
            await TestImages.DockerAsync("image", "inspect", image);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary><c>docker service inspect</c> of the Docker service a deployment started, as an operator would run it.</summary>
    private static async Task<JsonElement> ServiceInspectAsync(Guid deploymentId)
    {
        var id = (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={deploymentId}")).Trim();
        Assert.False(string.IsNullOrEmpty(id), $"No Docker service carries the label of deployment {deploymentId}.");
        return JsonDocument.Parse(await TestImages.DockerAsync("service", "inspect", id)).RootElement.Clone();
    }
}
