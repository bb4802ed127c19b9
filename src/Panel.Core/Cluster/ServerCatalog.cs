using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// The swarm's servers (decision 057): what runs where, and the admin's changes to a node (availability, role, labels,
/// removal) and the join command, each checked by <see cref="ServerRules"/>, audited, and announced to the pages.
/// </summary>
public sealed class ServerCatalog(
    IPanelDbContext db,
    INodeOperations nodes,
    AuditTrail audit,
    ServerWatch watch,
    IOptions<JoinOptions> joinOptions,
    TimeProvider clock)
{
    public async Task<ClusterView> ReadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SwarmNode> all;
        IReadOnlyList<NodeTask> tasks;
        string? panelNode;
        try
        {
            all = await nodes.ListAsync(cancellationToken);
            tasks = await nodes.ListPanelTasksAsync(cancellationToken);
            panelNode = await nodes.LocalNodeIdAsync(cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return new ClusterView([], [], Unreadable(e), clock.GetUtcNow());
        }

        var services = await db.Services.AsNoTracking().Include(s => s.Project).ToListAsync(cancellationToken);
        var refs = services.ToDictionary(s => s.Id, s => new ServiceRef(s.Id, s.Project!.Name, s.Name, s.Kind));
        var pinned = services.Select(s => (s.Id, Node: s.Database?.NodeId ?? (s.Application is { Volumes.Count: > 0 } app ? app.VolumeNodeId : null)))
            .Where(p => p.Node is not null).ToList();
        var known = tasks.Where(t => t.ServiceId is { } id && refs.ContainsKey(id)).ToList();
        var servers = all.Select(node => new ServerView(node, node.Id == panelNode,
                known.Where(t => t.NodeId == node.Id).GroupBy(t => t.ServiceId!.Value)
                    .Select(g => new ServerService(refs[g.Key], g.Count(t => t.State == "running"), g.Count(t => t.State != "running")))
                    .OrderBy(s => s.Service.FullName, StringComparer.Ordinal).ToList(),
                pinned.Where(p => p.Node == node.Id).Select(p => refs[p.Id]).OrderBy(r => r.FullName, StringComparer.Ordinal).ToList()))
            .ToList();
        var waiting = known.Where(t => t.NodeId is null || all.All(n => n.Id != t.NodeId)).GroupBy(t => t.ServiceId!.Value)
            .Select(g => new WaitingTask(g.Key, refs[g.Key].FullName, g.Count(), g.Select(t => t.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m))))
            .ToList();
        return new ClusterView(servers, waiting, null, clock.GetUtcNow());
    }

    public async Task<Outcome<SwarmNode>> SetAvailabilityAsync(string nodeId, string availability, Actor actor, CancellationToken cancellationToken) =>
        ServerRules.CheckAvailabilityName(availability) is { } invalid ? Outcome<SwarmNode>.Invalid(invalid) : await ChangeAsync(nodeId, actor, (node, all) => ServerRules.CheckAvailability(node, availability, all),
            new NodeChange(Availability: availability), AuditActions.NodeAvailabilityChanged, node => $"{node.Availability} → {availability}",
            cancellationToken);

    public async Task<Outcome<SwarmNode>> SetRoleAsync(string nodeId, string role, Actor actor, CancellationToken cancellationToken) =>
        ServerRules.CheckRoleName(role) is { } invalid ? Outcome<SwarmNode>.Invalid(invalid) : await ChangeAsync(nodeId, actor, (node, all) => ServerRules.CheckRole(node, role, all),
            new NodeChange(Role: role), AuditActions.NodeRoleChanged, node => $"{node.Role} → {role}", cancellationToken);

    public Task<Outcome<SwarmNode>> SetLabelsAsync(string nodeId, IReadOnlyDictionary<string, string> labels, Actor actor,
        CancellationToken cancellationToken)
    {
        var trimmed = labels.ToDictionary(l => l.Key.Trim(), l => l.Value.Trim(), StringComparer.Ordinal);
        if (ServerRules.CheckLabels(trimmed) is { } invalid)
        {
            return Task.FromResult(Outcome<SwarmNode>.Invalid(invalid));
        }

        return ChangeAsync(nodeId, actor, (_, _) => null, new NodeChange(Labels: trimmed),
            AuditActions.NodeLabelsChanged, _ => string.Join(", ", trimmed.Select(l => $"{l.Key}={l.Value}")) is { Length: > 0 } text ? text : "no labels",
            cancellationToken);
    }

    /// <summary>Removes a node that is down and a worker; a node holding a service's volume is removed too, and the outcome names those services.</summary>
    public async Task<Outcome<string>> RemoveAsync(string nodeId, Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            if (await nodes.FindAsync(nodeId, cancellationToken) is not { } node)
            {
                return Outcome<string>.NotFound("The swarm has no server with this id any more.");
            }

            if (ServerRules.CheckRemoval(node, await nodes.LocalNodeIdAsync(cancellationToken)) is { } refusal)
            {
                return Outcome<string>.Conflict(refusal);
            }

            await nodes.RemoveAsync(nodeId, force: false, cancellationToken);
            var view = await ReadAsync(cancellationToken);
            var stranded = await PinnedToAsync(nodeId, cancellationToken);
            var note = stranded.Count == 0 ? "" : $"; its volumes held {string.Join(", ", stranded)}, which cannot start elsewhere without their data";
            await audit.RecordAsync(actor, AuditActions.NodeRemoved, node.Hostname, $"node {node.Id}{note}", cancellationToken: cancellationToken);
            watch.Publish(view);
            return Outcome<string>.Ok($"{node.Hostname} was removed from the swarm{note}.");
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return Outcome<string>.Conflict($"Docker refused to remove the server: {EngineErrors.Message(e)}.");
        }
    }

    /// <summary>
    /// The command that joins a server as <paramref name="role"/>. It holds a join token, a secret: only an admin asks for
    /// it, the audit trail records that it was shown (never the token), and nothing logs it.
    /// </summary>
    public async Task<Outcome<string>> JoinCommandAsync(string role, Actor actor, CancellationToken cancellationToken)
    {
        if (role is not (NodeRoles.Manager or NodeRoles.Worker))
        {
            return Outcome<string>.Invalid($"\"{role}\" is not a role: use worker or manager.");
        }

        SwarmJoinTokens tokens;
        try
        {
            tokens = await nodes.JoinTokensAsync(cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return Outcome<string>.Conflict($"The join command cannot be read: {EngineErrors.Message(e)}. The panel's engine must be a swarm manager.");
        }

        if (tokens.ManagerAddresses.Count == 0)
        {
            return Outcome<string>.Conflict("No manager of the swarm is reachable, so no server can join it now.");
        }

        await audit.RecordAsync(actor, AuditActions.JoinCommandShown, role, $"the {role} join command was shown", cancellationToken: cancellationToken);
        // The same manager address as a join over SSH: Cluster:Join:ManagerAddress when set, else the engine's own.
        var configured = joinOptions.Value.ManagerAddress;
        var manager = string.IsNullOrWhiteSpace(configured) ? tokens.ManagerAddresses[0] : JoinManager.From(configured, tokens).Address;
        return Outcome<string>.Ok($"docker swarm join --token {(role == NodeRoles.Manager ? tokens.Manager : tokens.Worker)} {manager}");
    }

    private async Task<Outcome<SwarmNode>> ChangeAsync(string nodeId, Actor actor, Func<SwarmNode, IReadOnlyList<SwarmNode>, string?> check,
        NodeChange change, string action, Func<SwarmNode, string> details, CancellationToken cancellationToken)
    {
        try
        {
            var all = await nodes.ListAsync(cancellationToken);
            if (all.FirstOrDefault(n => n.Id == nodeId) is not { } node)
            {
                return Outcome<SwarmNode>.NotFound("The swarm has no server with this id any more.");
            }

            if (check(node, all) is { } refusal)
            {
                return Outcome<SwarmNode>.Conflict(refusal);
            }

            await nodes.UpdateAsync(nodeId, change, cancellationToken);
            await audit.RecordAsync(actor, action, node.Hostname, details(node), cancellationToken: cancellationToken);
            watch.Publish(await ReadAsync(cancellationToken));
            return Outcome<SwarmNode>.Ok(await nodes.FindAsync(nodeId, cancellationToken) ?? node);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return Outcome<SwarmNode>.Conflict($"Docker refused the change: {EngineErrors.Message(e)}.");
        }
    }

    /// <summary>The server a service is pinned to by its volume (a database, an application with volumes): its hostname (or id when it is gone), or null.</summary>
    public async Task<string?> PinnedServerAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        var nodeId = service?.Database?.NodeId ?? (service?.Application is { Volumes.Count: > 0 } app ? app.VolumeNodeId : null);
        if (nodeId is null)
        {
            return null;
        }

        try
        {
            return (await nodes.FindAsync(nodeId, cancellationToken))?.Hostname ?? nodeId;
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            return nodeId;
        }
    }

    private async Task<List<string>> PinnedToAsync(string nodeId, CancellationToken cancellationToken) =>
        (await db.Services.AsNoTracking().Include(s => s.Project).ToListAsync(cancellationToken))
        .Where(s => s.Database?.NodeId == nodeId || s.Application is { Volumes.Count: > 0 } app && app.VolumeNodeId == nodeId)
        .Select(s => $"{s.Project!.Name}/{s.Name}").ToList();

    private static string Unreadable(Exception e) => EngineErrors.IsUnreachable(e)
        ? "The Docker engine does not answer, so the servers cannot be listed. Start dockerd, or check Docker:Endpoint."
        : $"The servers cannot be listed: {EngineErrors.Message(e)}. The panel's engine must be a swarm manager.";
}
