using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>The other two sources: an existing image, and an uploaded source zip with a Dockerfile.</summary>
[Collection(DockerDeployments.Name)]
public sealed class SourceDeployTests : PanelTest<BootstrappedPanel>
{
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        client = new DeployClient(Panel.Api());
    }

    private static object Runtime => new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 };

    [Fact]
    public async Task Deploy_FromImageOnThisHost_RunsItUnderAnImmutableTag()
    {
        var tag = $"dropit-test/sample-image:{Guid.NewGuid():N}";
        var context = Directory.CreateTempSubdirectory("dropit-image-");
        try
        {
            foreach (var (path, text) in SampleApp.Files("image"))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(context.FullName, path))!);
                await File.WriteAllTextAsync(Path.Combine(context.FullName, path), text, Ct);
            }

            await TestImages.DockerAsync("build", "-q", "-t", tag, context.FullName);
            var project = await client.CreateProjectAsync("image-source");
            var serviceId = await client.CreateApplicationAsync(project, new
            {
                name = "api", kind = "application", source = new { type = "image", image = tag },
                port = SampleApp.Port, healthCheck = Runtime,
            });

            var deploymentId = await client.DeploySucceededAsync(serviceId);

            Assert.Contains("version image", await client.FetchLiveAsync(serviceId, "/index.html"));
            Assert.Contains("already on this host", await client.LogAsync(deploymentId));
            Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
        }
        finally
        {
            await TestImages.DockerAsync("image", "rm", "-f", tag);
            context.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_FromUploadedZip_BuildsItsDockerfile()
    {
        var project = await client.CreateProjectAsync("upload-source");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "upload" }, port = SampleApp.Port, healthCheck = Runtime,
        });

        var refused = await client.UploadSourceAsync(serviceId, new Dictionary<string, string> { ["README.md"] = "no Dockerfile" }, Ct);
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("no Dockerfile", await refused.Content.ReadAsStringAsync(Ct));

        var uploaded = await client.UploadSourceAsync(serviceId, SampleApp.Files("zip"), Ct);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(Ct));
        await client.DeploySucceededAsync(serviceId);

        Assert.Contains("version zip", await client.FetchLiveAsync(serviceId, "/index.html"));
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
    }
}
