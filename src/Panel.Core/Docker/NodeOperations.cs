using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>Swarm nodes, their tasks and the join tokens through the Docker Engine API (decision 057).</summary>
public sealed class NodeOperations(DockerEngine engine) : INodeOperations
{
    public async Task<IReadOnlyList<SwarmNode>> ListAsync(CancellationToken cancellationToken)
    {
        var nodes = await engine.Client.Swarm.ListNodesAsync(cancellationToken);
        return nodes.Select(Node)
            .OrderByDescending(n => n.IsManager).ThenBy(n => n.Hostname, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<SwarmNode?> FindAsync(string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            return Node(await engine.Client.Swarm.InspectNodeAsync(nodeId, cancellationToken));
        }
        catch (global::Docker.DotNet.DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken)
    {
        var info = await engine.Client.System.GetSystemInfoAsync(cancellationToken);
        return info.Swarm?.NodeID is { Length: > 0 } id ? id : null;
    }

    public async Task<IReadOnlyList<NodeTask>> ListPanelTasksAsync(CancellationToken cancellationToken)
    {
        var tasks = await engine.Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["desired-state"] = new Dictionary<string, bool> { ["running"] = true } },
        }, cancellationToken);
        var panelTasks = new List<NodeTask>();
        foreach (var t in tasks)
        {
            if (t.ServiceID is { } serviceId && t.Spec?.ContainerSpec?.Labels is { } labels && labels.ContainsKey(EngineLabels.Managed))
            {
                panelTasks.Add(new NodeTask(t.ID, t.NodeID is { Length: > 0 } node ? node : null, serviceId,
                    labels.TryGetValue(EngineLabels.Service, out var value) && Guid.TryParse(value, out var id) ? id : null,
                    StateName(t.Status?.State), StateName(t.DesiredState), t.Slot, t.Status?.Message));
            }
        }

        return panelTasks;
    }

    public async Task UpdateAsync(string nodeId, NodeChange change, CancellationToken cancellationToken)
    {
        // Swarm refuses an update of an older version: read the node, change it, and try once more if it moved meanwhile.
        for (var attempt = 1; ; attempt++)
        {
            var node = await engine.Client.Swarm.InspectNodeAsync(nodeId, cancellationToken);
            var spec = node.Spec ?? new NodeUpdateParameters();
            var update = new NodeUpdateParameters
            {
                Name = spec.Name,
                Role = change.Role ?? spec.Role,
                Availability = change.Availability ?? spec.Availability,
                Labels = change.Labels is { } labels ? new Dictionary<string, string>(labels) : spec.Labels ?? new Dictionary<string, string>(),
            };
            try
            {
                await engine.Client.Swarm.UpdateNodeAsync(nodeId, node.Version?.Index ?? 0, update, cancellationToken);
                return;
            }
            catch (global::Docker.DotNet.DockerApiException e) when (attempt < 3 && EngineErrors.Message(e).Contains("out of sequence", StringComparison.OrdinalIgnoreCase))
            {
                // Someone else changed the node between the read and the update.
            }
        }
    }

    public Task RemoveAsync(string nodeId, bool force, CancellationToken cancellationToken) =>
        engine.Client.Swarm.RemoveNodeAsync(nodeId, force, cancellationToken);

    public async Task<SwarmJoinTokens> JoinTokensAsync(CancellationToken cancellationToken)
    {
        var swarm = await engine.Client.Swarm.InspectSwarmAsync(cancellationToken);
        var nodes = await engine.Client.Swarm.ListNodesAsync(cancellationToken);
        var managers = nodes
            .Select(n => n.ManagerStatus)
            .OfType<ManagerStatus>()
            .Where(m => m.Reachability == "reachable" && !string.IsNullOrEmpty(m.Addr))
            .OrderByDescending(m => m.Leader == true)
            .Select(m => m.Addr!)
            .ToList();
        return new SwarmJoinTokens(swarm.JoinTokens?.Worker ?? "", swarm.JoinTokens?.Manager ?? "", managers);
    }

    public Task FollowNodeEventsAsync(Action<string> onChanged, CancellationToken cancellationToken) =>
        engine.Client.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["node"] = true } },
        }, new SyncProgress<Message>(m => onChanged(m.Actor?.ID ?? "")), cancellationToken);

    private static SwarmNode Node(NodeListResponse node) => new(
        node.ID,
        node.Description?.Hostname ?? node.Spec?.Name ?? node.ID,
        node.Spec?.Role ?? NodeRoles.Worker,
        node.Status?.State ?? "unknown",
        node.Status?.Message is { Length: > 0 } message ? message : null,
        node.Spec?.Availability ?? NodeAvailability.Active,
        node.Status?.Addr is { Length: > 0 } address ? address : null,
        node.Description?.Engine?.EngineVersion,
        node.Description?.Platform?.OS,
        node.Description?.Platform?.Architecture,
        node.Description?.Resources?.NanoCPUs ?? 0,
        node.Description?.Resources?.MemoryBytes ?? 0,
        node.Spec?.Labels is { } labels ? new SortedDictionary<string, string>(labels, StringComparer.Ordinal) : new SortedDictionary<string, string>(),
        node.ManagerStatus is { } manager
            ? new ManagerState(manager.Leader == true, manager.Reachability ?? "unknown", manager.Addr is { Length: > 0 } addr ? addr : null)
            : null);

    private static string StateName(TaskState? state) => state?.ToString().ToLowerInvariant() ?? "unknown";
}
