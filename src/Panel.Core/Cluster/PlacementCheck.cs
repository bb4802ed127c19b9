using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Cluster;

/// <summary>No server can take the service with its placement; the message says which and what to do.</summary>
public sealed class PlacementRefusedException(string message) : Exception(message);

/// <summary>
/// A deployment's placement (decision 058): refused before anything starts when no server can take it (instead of a task
/// left pending until the health gate gives up), and the node of a new service's volumes remembered once it runs there.
/// </summary>
public sealed class PlacementCheck(INodeOperations nodes, ISwarmOperations swarm)
{
    /// <summary>Throws <see cref="PlacementRefusedException"/> when no server that is up and active matches every constraint.</summary>
    public async Task EnsurePlaceableAsync(ApplicationSettings app, DeploymentLog log, CancellationToken cancellationToken)
    {
        var constraints = ServicePlacement.Constraints(app);
        var spreads = ServicePlacement.Spreads(app);
        if (constraints.Count == 0 && spreads.Count == 0)
        {
            return;
        }

        var all = await nodes.ListAsync(cancellationToken);
        if (PlacementRules.Unplaceable(constraints, all) is { } reason)
        {
            throw new PlacementRefusedException(reason);
        }

        var matching = all.Where(n => n.IsUp && n.Availability == NodeAvailability.Active && PlacementRules.Matches(constraints, n))
            .Select(n => n.Hostname).ToList();
        log.Line($"Placement: {(constraints.Count == 0 ? "any server" : string.Join(", ", constraints))}"
            + (spreads.Count == 0 ? "" : $", spread over {string.Join(", ", spreads)}")
            + $"; {matching.Count} server(s) can take it ({string.Join(", ", matching)}).");
    }

    /// <summary>
    /// After a version with volumes became healthy: the node its replica runs on holds the volumes from now on, and the
    /// service stays there. Nothing changes once a node is known, or for a service without volumes.
    /// </summary>
    public async Task RememberVolumeNodeAsync(string engineServiceName, ApplicationSettings app, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        if (app.Volumes.Count == 0 || app.VolumeNodeId is not null)
        {
            return;
        }

        if (await RunningOnAsync(engineServiceName, cancellationToken) is { } node)
        {
            app.VolumeNodeId = node.Id;
            log.Line($"Its volumes live on server {node.Hostname}: the service stays pinned there.");
        }
    }

    /// <summary>The node a running replica of the Swarm service is on (its id, and its hostname when the swarm knows it).</summary>
    public async Task<(string Id, string Hostname)?> RunningOnAsync(string engineServiceName, CancellationToken cancellationToken)
    {
        var replicas = await swarm.ListReplicasAsync(engineServiceName, cancellationToken);
        if (replicas.FirstOrDefault(r => r.State == "running" && r.NodeId is not null)?.NodeId is not { } nodeId)
        {
            return null;
        }

        var node = await nodes.FindAsync(nodeId, cancellationToken);
        return (nodeId, node?.Hostname ?? nodeId);
    }
}
