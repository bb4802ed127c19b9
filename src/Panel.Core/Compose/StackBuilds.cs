using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Builds the <c>build:</c> services of a compose file with BuildKit, the repository as context, each tagged with an
/// immutable tag of this deployment. A build that fails stops the deployment, named after its compose service.
/// </summary>
public sealed class StackBuilds(IImageBuilds images, DeploymentCoordinator coordinator)
{
    /// <summary>Per built compose service, its image tag.</summary>
    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(Deployment deployment, ComposePlan plan, ComposeSourceFile source,
        Func<string, Task> step, DeploymentLog log, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in plan.Services.Where(s => s.Build is not null))
        {
            var build = service.Build!;
            var tag = EngineNames.ComposeImageTag(deployment.ServiceId, service.Name, deployment.Id);
            try
            {
                var context = source.PathOf(build.Context, "build context");
                var dockerfile = source.PathOf(build.Dockerfile, "Dockerfile path");
                if (!File.Exists(dockerfile))
                {
                    throw new BuildFailedException($"there is no Dockerfile at \"{build.Dockerfile}\" in the repository. Check its build: section.");
                }

                if (!coordinator.BuildSlotFree)
                {
                    await step(DeploymentSteps.WaitingForBuildSlot);
                    log.Line("Waiting for a build slot (other builds are running).");
                }

                using var slot = await coordinator.BuildSlotAsync(cancellationToken);
                await step(DeploymentSteps.Building);
                log.Line($"Building {service.Name} as {tag}");
                await images.BuildAsync(new BuildRequest(context, dockerfile, tag, new Dictionary<string, string>
                {
                    [EngineLabels.Managed] = "true",
                    [EngineLabels.Service] = deployment.ServiceId.ToString(),
                    [EngineLabels.Deployment] = deployment.Id.ToString(),
                }, build.Arguments) { Target = build.Target }, log.Line, cancellationToken);
            }
            catch (BuildFailedException e)
            {
                throw new BuildFailedException($"service {service.Name}: {e.Message}");
            }

            tags[service.Name] = tag;
        }

        return tags;
    }
}
