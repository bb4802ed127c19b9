using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>Compose services of a test panel, deployed through its Core services, and the containers of their stacks.</summary>
public sealed class StackHarness(PanelFactory panel)
{
    private readonly List<string> stacks = [];
    private readonly List<Guid> services = [];

    public async Task<Guid> CreateProjectAsync(string name) =>
        await panel.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<ProjectService>().CreateAsync(name, null, Actor.System, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
            return outcome.Value!.Id;
        });

    /// <summary>A compose service reading <c>docker-compose.yml</c> of <paramref name="repository"/>; its stack starts from nothing.</summary>
    public async Task<ComposeView> CreateFromGitAsync(Guid projectId, string name, Uri repository, string token, string env)
    {
        var view = await panel.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<ComposeCatalog>().CreateAsync(projectId, new ComposeInput
            {
                Name = name,
                Source = ComposeSource.Git,
                GitUrl = repository.ToString(),
                GitBranch = "main",
                ComposePath = "docker-compose.yml",
                GitToken = token,
                Env = env,
            }, Actor.System, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
            return outcome.Value!;
        });
        stacks.Add(view.StackName);
        services.Add(view.Id);
        await RemoveStackAsync(view.StackName);
        return view;
    }

    /// <summary>Removes <paramref name="view"/>'s stack, volumes and images at <see cref="CleanAsync"/>.</summary>
    public void Track(ComposeView view)
    {
        stacks.Add(view.StackName);
        services.Add(view.Id);
    }

    /// <summary>Queues a deployment of the service and waits until it has finished.</summary>
    public async Task<Deployment> DeployAsync(Guid serviceId)
    {
        var queued = await panel.WithScopeAsync(sp =>
            sp.GetRequiredService<DeploymentService>().QueueAsync(serviceId, DeploymentTrigger.User, Actor.System, CancellationToken.None));
        Assert.True(queued.Succeeded, queued.Error);
        return await WaitAsync(queued.Value!.Id);
    }

    public async Task<Deployment> RollbackAsync(Guid deploymentId)
    {
        var queued = await panel.WithScopeAsync(sp =>
            sp.GetRequiredService<DeploymentService>().RollbackAsync(deploymentId, Actor.System, CancellationToken.None));
        Assert.True(queued.Succeeded, queued.Error);
        return await WaitAsync(queued.Value!.Id);
    }

    public async Task<Deployment> WaitAsync(Guid deploymentId, int timeoutSeconds = 240) =>
        (await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == deploymentId)),
            d => d is { Status: DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Cancelled },
            TimeSpan.FromSeconds(timeoutSeconds), "the deployment to finish"))!;

    public Task<Service?> FindServiceAsync(Guid serviceId) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId));

    public Task<string> LogAsync(Guid deploymentId) =>
        File.ReadAllTextAsync(Path.Combine(panel.DataPath, "logs", "deployments", $"{deploymentId}.log"));

    public Task<Core.Common.Outcome<bool>> DeleteAsync(Guid serviceId) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().DeleteAsync(serviceId, Actor.System, CancellationToken.None));

    /// <summary>The one running container of a compose service of the stack.</summary>
    public static async Task<string> ContainerAsync(string stack, string service)
    {
        var ids = await Eventually.MatchesAsync(
            async () => (await TestImages.DockerAsync("ps", "-q", "--no-trunc", "--filter", $"label=com.docker.swarm.service.name={stack}_{service}",
                "--filter", "status=running")).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            ids => ids.Length == 1, TimeSpan.FromSeconds(60), $"one running container of {stack}_{service}");
        return ids[0];
    }

    /// <summary>Every running container of the stack, by compose service.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ContainersAsync(string stack, params string[] services)
    {
        var containers = new Dictionary<string, string>();
        foreach (var service in services)
        {
            containers[service] = await ContainerAsync(stack, service);
        }

        return containers;
    }

    public static async Task<string> ExecAsync(string container, params string[] command) =>
        (await TestImages.DockerAsync(["exec", container, .. command])).Trim();

    /// <summary>The image the service's spec runs.</summary>
    public static async Task<string> ImageAsync(string stack, string service) =>
        (await TestImages.DockerAsync("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", $"{stack}_{service}")).Trim();

    /// <summary>Volumes of the stack (Docker names them after it and labels them with its namespace).</summary>
    public static async Task<IReadOnlyList<string>> VolumesAsync(string stack) =>
        (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task CleanAsync()
    {
        foreach (var stack in stacks)
        {
            await RemoveStackAsync(stack);
        }

        // The images the deployments built.
        foreach (var id in services)
        {
            var images = (await TestImages.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter",
                $"label=dropit.service={id}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (images.Length > 0)
            {
                await TestImages.DockerAsync(["rmi", .. images]);
            }
        }
    }

    /// <summary>Removes the stack, its containers, then its volumes (the panel itself never removes them).</summary>
    private static async Task RemoveStackAsync(string stack)
    {
        // A task that just ended (a release command's one-off) can hold a stack network for a moment: Swarm then refuses
        // to remove it, and a second `stack rm` finishes the job.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await TestImages.DockerAsync("stack", "rm", stack);
                return true;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("is in use by task", StringComparison.Ordinal))
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"docker stack rm {stack} to remove every network", TimeSpan.FromSeconds(2));
        await Eventually.MatchesAsync(
            () => TestImages.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.stack.namespace={stack}"),
            ids => ids.Trim().Length == 0, TimeSpan.FromSeconds(90), $"the containers of {stack} to be gone");
        foreach (var volume in await VolumesAsync(stack))
        {
            await TestImages.DockerAsync("volume", "rm", "-f", volume);
        }

        // The configs and secrets the panel made for the stack (external to it, so `stack rm` leaves them).
        foreach (var kind in new[] { "config", "secret" })
        {
            var names = (await TestImages.DockerAsync(kind, "ls", "--format", "{{.Name}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(n => n.StartsWith(stack + "-", StringComparison.Ordinal)).ToList();
            if (names.Count > 0)
            {
                await TestImages.DockerAsync([kind, "rm", .. names]);
            }
        }
    }
}
