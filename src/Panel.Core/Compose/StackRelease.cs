using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Compose;

/// <summary>A compose service's release or post-deploy command, with the run it is made from.</summary>
/// <param name="Run">The release service's new spec, as the stack file will deploy it.</param>
/// <param name="FileIds">Per Swarm secret or config of the stack, its id.</param>
public sealed record StackReleaseRun(ComposeServiceRun Run, IReadOnlyDictionary<string, string> FileIds);

/// <summary>
/// Runs a compose stack's release (or post-deploy) command (decision 044) through <see cref="ReleaseCommand"/>: a one-off
/// Swarm service "<c>&lt;stack&gt;_&lt;service&gt;-release</c>" from the release service's new spec: the image built (or named)
/// for this deployment, its environment with the .env interpolated, its secrets and configs, the project network and
/// those of the stack's networks it is on that exist (on a first start, those of the services started before it).
/// </summary>
public sealed class StackRelease(ReleaseCommand release, INetworkOperations networks)
{
    public async Task RunAsync(Service service, Deployment deployment, StackReleaseRun one, string command, string suffix,
        DeploymentLog log, CancellationToken cancellationToken)
    {
        var (run, ids) = one;
        var settings = service.Compose!;
        var present = new List<string>();
        foreach (var network in run.Networks)
        {
            if (await networks.FindAsync(network, cancellationToken) is not null)
            {
                present.Add(network);
            }
            else
            {
                log.Line($"The network {network} does not exist yet (no service of the stack runs on it): the {suffix} command runs without it.");
            }
        }

        foreach (var skipped in run.Skipped)
        {
            log.Line($"The external {skipped} of {run.Service} is not mounted for the {suffix} command.");
        }

        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Project] = service.ProjectId.ToString(),
            [EngineLabels.Service] = service.Id.ToString(),
            [EngineLabels.Deployment] = deployment.Id.ToString(),
        };
        var spec = new EngineServiceSpec($"{settings.StackName}_{run.Service}", run.Image, labels, run.Environment, 1, null, null,
            RestartPolicy.None, [])
        {
            Networks = present,
            Files = run.Files.Select(f => new FileMount(f.SwarmName, f.Target, f.IsSecret) { Id = ids.GetValueOrDefault(f.SwarmName) }).ToList(),
        };
        await release.RunAsync(ReleaseCommand.Spec(spec, command, suffix), $"{suffix} command",
            TimeSpan.FromSeconds(settings.ReleaseTimeoutSeconds), log, cancellationToken);
    }
}
