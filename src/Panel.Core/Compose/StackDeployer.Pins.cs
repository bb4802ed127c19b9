using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Stateful compose services stay on the node of their volumes (decision 066): a local volume lives on one node, and a
/// task Swarm placed elsewhere would start on a new, empty volume.
/// </summary>
public sealed partial class StackDeployer
{
    /// <summary>The plan's stack files with every known volume node as a constraint (a rollback's stored file too).</summary>
    private static StackPlan PinVolumes(StackPlan plan, ComposeSettings settings)
    {
        var pins = settings.VolumeNodesByService();
        return pins.Count == 0
            ? plan
            : plan with
            {
                File = StackFileText.Pin(plan.File, pins),
                Groups = plan.Groups.Select(g => (g.Services, StackFileText.Pin(g.File, pins))).ToList(),
            };
    }

    /// <summary>
    /// Once the stack converged: the node each stateful service without a pin runs on holds its volumes from now on. A
    /// failure to read it is logged; the next deployment tries again.
    /// </summary>
    private async Task RememberVolumeNodesAsync(ComposeSettings settings, string stackFile, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var pins = settings.VolumeNodesByService();
        foreach (var name in StackFileText.StatefulServices(stackFile).Where(n => !pins.ContainsKey(n)))
        {
            try
            {
                if (await placement.RunningOnAsync($"{settings.StackName}_{name}", cancellationToken) is { } node)
                {
                    settings.VolumeNodes = [.. settings.VolumeNodes, $"{name}={node.Id}"];
                    log.Line($"The volumes of {name} live on server {node.Hostname}: it stays pinned there.");
                }
            }
            catch (Exception e) when (Docker.EngineErrors.IsEngineFailure(e))
            {
                log.Line($"Warning: the server of {name}'s volumes could not be read ({e.Message}); the next deployment tries again.");
            }
        }
    }
}
