using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Compose;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>
/// A compose stack with a <c>build:</c> service, with an image registry set up (decision 063): the built image is pushed
/// under its immutable tag, the stack runs it from the registry, and Swarm keeps the login to pull it again.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class StackPushTests : PanelTest<PushPullPanel>
{
    private const string GitToken = "stack-push-token-41d0";
    private const string ComposeFile = """
        services:
          api:
            build: { context: ./api }
        """;

    private GitServer git = null!;
    private PushPullRegistry registry = null!;

    public override async ValueTask InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await DatabaseImages.EnsureAsync();
        registry = await PushPullRegistry.StartAsync();
        Panel.Target = registry.Target;
        await base.InitializeAsync();
        git = await GitServer.StartAsync(GitToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await git.DisposeAsync();
        await base.DisposeAsync();
        await registry.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_StackWithABuild_PushesItsImageAndSwarmPullsItWithTheRegistrysLogin()
    {
        var stacks = new StackHarness(Panel);
        try
        {
            var files = new Dictionary<string, string> { ["docker-compose.yml"] = ComposeFile };
            foreach (var (path, content) in SampleApp.Files("pushed"))
            {
                files[$"api/{path}"] = content;
            }

            var repo = await git.CreateRepositoryAsync("stack-push", files);
            var projectId = await stacks.CreateProjectAsync($"spush-{Guid.NewGuid():N}"[..14]);
            var view = await stacks.CreateFromGitAsync(projectId, "shop", repo.CloneUri, GitToken, "");

            var deployment = await stacks.DeployAsync(view.Id);

            var log = await stacks.LogAsync(deployment.Id);
            Assert.True(deployment.Status == DeploymentStatus.Succeeded, log);
            var image = await StackHarness.ImageAsync(view.StackName, "api");
            Assert.StartsWith(registry.Address + "/", image, StringComparison.Ordinal);
            var repository = image[(registry.Address.Length + 1)..image.LastIndexOf(':')];
            Assert.Contains(image[(image.LastIndexOf(':') + 1)..], await registry.TagsAsync(repository));
            Assert.Contains($"Pushed {image}:", log);
            Assert.DoesNotContain(registry.Password, log);
            Assert.DoesNotContain(registry.Password, await TestImages.DockerAsync("service", "inspect", $"{view.StackName}_api"));

            // Without the local copy of the reference, a forced update must pull it from the registry, which refuses
            // anyone without credentials: Swarm uses the login the stack was deployed with.
            await TestImages.DockerAsync("image", "rm", image);
            await TestImages.DockerAsync("service", "update", "--force", "--detach", $"{view.StackName}_api");
            await Eventually.TrueAsync(async () => await ImageHereAsync(image), TimeSpan.FromSeconds(60),
                "the updated task pulled its image from the registry with the stack's login");
            await Eventually.MatchesAsync(() => TestImages.DockerAsync("service", "ls", "--filter", $"name={view.StackName}_api", "--format", "{{.Replicas}}"),
                replicas => replicas.Trim() == "1/1", TimeSpan.FromSeconds(60), "the updated task running");
        }
        finally
        {
            await stacks.CleanAsync();
        }
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
}
