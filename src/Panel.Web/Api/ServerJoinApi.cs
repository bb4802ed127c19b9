using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Adding servers to the swarm over SSH (decision 059): the panel's public key, host keys to check and pin, and
/// <c>POST /api/nodes</c> answered 202, its steps followed at <c>/api/nodes/joins/{id}</c>. (The join command to run by
/// hand is <c>POST /api/nodes/join-command</c>.)
/// </summary>
public static class ServerJoinApi
{
    public static RouteGroupBuilder MapServerJoinApi(this RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Servers");
        nodes.MapGet("/ssh-key", GetSshKeyAsync).WithName("GetPanelSshKey");
        nodes.MapPost("/host-keys/scan", ScanHostKeyAsync).WithName("ScanServerHostKey");
        nodes.MapGet("/host-keys", ListHostKeysAsync).WithName("ListServerHostKeys");
        nodes.MapDelete("/host-keys/{id:guid}", ForgetHostKeyAsync).WithName("ForgetServerHostKey");
        nodes.MapPost("", StartJoin).WithName("AddServer");
        nodes.MapGet("/joins/{id:guid}", GetJoin).WithName("GetServerJoin");
        return api;
    }

    /// <summary>GET /api/nodes/ssh-key: the line to add to a server's authorized_keys (made on first use).</summary>
    public static async Task<Ok<PanelSshPublicKey>> GetSshKeyAsync(ServerKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.PublicKeyAsync(ct));

    /// <summary>POST /api/nodes/host-keys/scan <c>{host, port}</c>: the key the server presents, and whether it is pinned.</summary>
    public static async Task<Results<Ok<HostKeyScan>, ProblemHttpResult>> ScanHostKeyAsync(HostKeyScanRequest request,
        JoinConnector connector, CancellationToken ct)
    {
        var outcome = await connector.ScanAsync(request.Host ?? "", request.Port ?? 22, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ProblemResults.From(outcome);
    }

    public static async Task<Ok<List<HostKeyDto>>> ListHostKeysAsync(JoinConnector connector, CancellationToken ct) =>
        TypedResults.Ok((await connector.ListPinnedAsync(ct)).Select(HostKeyDto.From).ToList());

    /// <summary>DELETE /api/nodes/host-keys/{id}: forget a pinned key (the server was reinstalled).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ForgetHostKeyAsync(Guid id, JoinConnector connector,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await connector.ForgetAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>POST /api/nodes: 202 with the join's id; its steps at GET /api/nodes/joins/{id}.</summary>
    public static Results<Accepted<JoinProgress>, ProblemHttpResult> StartJoin(ServerJoinRequest request, ServerJoins joins,
        HttpContext context)
    {
        if (!TryRole(request.Role, out var role, out var problem))
        {
            return problem;
        }

        var outcome = joins.Start(new JoinRequest(request.Host ?? "", request.Port ?? 22, request.User ?? "root", role,
            request.AcceptHostKey, request.InstallDocker, request.CheckOnly), PanelActor.From(context.User, context));
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/nodes/joins/{outcome.Value!.Id}", outcome.Value)
            : ProblemResults.From(outcome);
    }

    public static Results<Ok<JoinProgress>, ProblemHttpResult> GetJoin(Guid id, ServerJoins joins) =>
        joins.Get(id) is { } progress ? TypedResults.Ok(progress) : ProblemResults.NotFound("server join (joins are kept until the panel restarts)");

    private static bool TryRole(string? text, out JoinRole role, out ProblemHttpResult problem)
    {
        (role, problem) = (JoinRole.Worker, null!);
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "worker":
                return true;
            case "manager":
                role = JoinRole.Manager;
                return true;
            default:
                problem = ProblemResults.From(Outcome<bool>.Invalid($"Role: \"{text}\" is neither worker nor manager."));
                return false;
        }
    }
}

public sealed record HostKeyScanRequest(string? Host, int? Port);

/// <summary>A server to add; <c>role</c> worker (default) or manager, <c>port</c> 22 and <c>user</c> root by default.</summary>
public sealed record ServerJoinRequest(string? Host, int? Port, string? User, string? Role, string? AcceptHostKey, bool InstallDocker,
    bool CheckOnly);

public sealed record HostKeyDto(Guid Id, string Host, int Port, string Algorithm, string Fingerprint, DateTimeOffset AcceptedAt, string AcceptedBy)
{
    public static HostKeyDto From(ServerHostKey key) =>
        new(key.Id, key.Host, key.Port, key.Algorithm, key.Fingerprint, key.AcceptedAt, key.AcceptedBy);
}
