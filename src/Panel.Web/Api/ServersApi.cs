using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// The swarm's servers (nodes, decision 057): read by anyone who may read; drain, pause, activate, promote, demote, labels,
/// removal and the join command (it holds a secret token) only by admins.
/// </summary>
public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Servers");
        nodes.MapGet("", ListAsync).WithName("ListNodes");
        nodes.MapGet("/{id}", GetAsync).WithName("GetNode");
        nodes.MapPost("/{id}/drain", DrainAsync).WithName("DrainNode");
        nodes.MapPost("/{id}/pause", PauseAsync).WithName("PauseNode");
        nodes.MapPost("/{id}/activate", ActivateAsync).WithName("ActivateNode");
        nodes.MapPost("/{id}/promote", PromoteAsync).WithName("PromoteNode");
        nodes.MapPost("/{id}/demote", DemoteAsync).WithName("DemoteNode");
        nodes.MapPut("/{id}/labels", LabelsAsync).WithName("SetNodeLabels");
        nodes.MapDelete("/{id}", RemoveAsync).WithName("RemoveNode");
        nodes.MapPost("/join-command", JoinCommandAsync).WithName("ShowJoinCommand");
        return api;
    }

    /// <summary>Every node with the panel's services on it, managers first.</summary>
    public static async Task<Results<Ok<List<NodeDto>>, ProblemHttpResult>> ListAsync(ServerCatalog catalog, CancellationToken ct)
    {
        var view = await catalog.ReadAsync(ct);
        return view.Error is { } error ? Unavailable(error) : TypedResults.Ok(view.Servers.Select(NodeDto.From).ToList());
    }

    public static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> GetAsync(string id, ServerCatalog catalog, CancellationToken ct)
    {
        var view = await catalog.ReadAsync(ct);
        if (view.Error is { } error)
        {
            return Unavailable(error);
        }

        return view.Servers.FirstOrDefault(s => s.Node.Id == id) is { } server ? TypedResults.Ok(NodeDto.From(server)) : ProblemResults.NotFound("server");
    }

    /// <summary>No new tasks, and the running ones move to other servers (refused for the only active server).</summary>
    public static Task<Results<Ok<NodeDto>, ProblemHttpResult>> DrainAsync(string id, ServerCatalog catalog, HttpContext context, CancellationToken ct) =>
        AvailabilityAsync(id, NodeAvailability.Drain, catalog, context, ct);

    /// <summary>No new tasks; the running ones stay.</summary>
    public static Task<Results<Ok<NodeDto>, ProblemHttpResult>> PauseAsync(string id, ServerCatalog catalog, HttpContext context, CancellationToken ct) =>
        AvailabilityAsync(id, NodeAvailability.Pause, catalog, context, ct);

    public static Task<Results<Ok<NodeDto>, ProblemHttpResult>> ActivateAsync(string id, ServerCatalog catalog, HttpContext context, CancellationToken ct) =>
        AvailabilityAsync(id, NodeAvailability.Active, catalog, context, ct);

    public static Task<Results<Ok<NodeDto>, ProblemHttpResult>> PromoteAsync(string id, ServerCatalog catalog, HttpContext context, CancellationToken ct) =>
        RoleAsync(id, NodeRoles.Manager, catalog, context, ct);

    /// <summary>Refused for the last manager.</summary>
    public static Task<Results<Ok<NodeDto>, ProblemHttpResult>> DemoteAsync(string id, ServerCatalog catalog, HttpContext context, CancellationToken ct) =>
        RoleAsync(id, NodeRoles.Worker, catalog, context, ct);

    public static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> LabelsAsync(string id, NodeLabelsRequest request, ServerCatalog catalog,
        HttpContext context, CancellationToken ct) =>
        await ReadBackAsync(id, await catalog.SetLabelsAsync(id, request.Labels ?? [], PanelActor.From(context.User, context), ct), catalog, ct);

    /// <summary>Removes a worker that is down; 409 with what to do for a manager, a node still up, or the panel's own.</summary>
    public static async Task<Results<Ok<NodeRemovedDto>, ProblemHttpResult>> RemoveAsync(string id, ServerCatalog catalog, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await catalog.RemoveAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(new NodeRemovedDto(outcome.Value!)) : ProblemResults.From(outcome);
    }

    /// <summary>The join command with its token (a secret): audited, never logged.</summary>
    public static async Task<Results<Ok<JoinCommandDto>, ProblemHttpResult>> JoinCommandAsync(JoinCommandRequest request, ServerCatalog catalog,
        HttpContext context, CancellationToken ct)
    {
        var role = request.Role ?? NodeRoles.Worker;
        var outcome = await catalog.JoinCommandAsync(role, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(new JoinCommandDto(role, outcome.Value!)) : ProblemResults.From(outcome);
    }

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> AvailabilityAsync(string id, string availability, ServerCatalog catalog,
        HttpContext context, CancellationToken ct) =>
        await ReadBackAsync(id, await catalog.SetAvailabilityAsync(id, availability, PanelActor.From(context.User, context), ct), catalog, ct);

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> RoleAsync(string id, string role, ServerCatalog catalog,
        HttpContext context, CancellationToken ct) =>
        await ReadBackAsync(id, await catalog.SetRoleAsync(id, role, PanelActor.From(context.User, context), ct), catalog, ct);

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> ReadBackAsync(string id, Outcome<SwarmNode> outcome, ServerCatalog catalog,
        CancellationToken ct)
    {
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var server = (await catalog.ReadAsync(ct)).Servers.FirstOrDefault(s => s.Node.Id == id);
        return TypedResults.Ok(server is null ? NodeDto.From(new ServerView(outcome.Value!, false, [], [])) : NodeDto.From(server));
    }

    private static ProblemHttpResult Unavailable(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Docker engine unavailable");
}

/// <summary>Body of PUT /api/nodes/{id}/labels: every label of the node (the ones left out are removed).</summary>
public sealed record NodeLabelsRequest(Dictionary<string, string>? Labels);

/// <summary>Body of POST /api/nodes/join-command: <c>worker</c> (default) or <c>manager</c>.</summary>
public sealed record JoinCommandRequest(string? Role = null);

public sealed record JoinCommandDto(string Role, string Command);

public sealed record NodeRemovedDto(string Message);

public sealed record NodeManagerDto(bool Leader, string Reachability, string? Address);

public sealed record NodeServiceDto(Guid Id, string Project, string Name, ServiceKind Kind, int Running, int Starting);

public sealed record PinnedServiceDto(Guid Id, string Project, string Name, ServiceKind Kind);

/// <summary>A swarm node: its facts, the panel's services running on it, and the services pinned to it by their volume.</summary>
public sealed record NodeDto(
    string Id, string Hostname, string Role, string State, string? StateMessage, string Availability, string? Address,
    string? EngineVersion, string? Os, string? Architecture, double Cpus, long MemoryBytes, IReadOnlyDictionary<string, string> Labels,
    NodeManagerDto? Manager, bool RunsPanel, List<NodeServiceDto> Services, List<PinnedServiceDto> Pinned)
{
    public static NodeDto From(ServerView server)
    {
        var n = server.Node;
        return new NodeDto(n.Id, n.Hostname, n.Role, n.State, n.StateMessage, n.Availability, n.Address, n.EngineVersion, n.Os,
            n.Architecture, n.NanoCpus / 1e9, n.MemoryBytes, n.Labels,
            n.Manager is { } m ? new NodeManagerDto(m.Leader, m.Reachability, m.Address) : null, server.RunsPanel,
            server.Services.Select(s => new NodeServiceDto(s.Service.Id, s.Service.Project, s.Service.Name, s.Service.Kind, s.Running, s.Starting)).ToList(),
            server.Pinned.Select(p => new PinnedServiceDto(p.Id, p.Project, p.Name, p.Kind)).ToList());
    }
}
