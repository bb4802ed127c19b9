using DropIt.Panel.Core.Identity;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record UserDto(Guid Id, string Email, PanelRole Role, bool TwoFactorEnabled, DateTimeOffset CreatedAt)
{
    public static UserDto From(UserSummary u) => new(u.Id, u.Email, u.Role, u.TwoFactorEnabled, u.CreatedAt);
}

public sealed record InvitationDto(Guid Id, string Email, PanelRole Role, string? InvitedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, InvitationState State)
{
    public static InvitationDto From(InvitationView i) => new(i.Id, i.Email, i.Role, i.InvitedBy, i.CreatedAt, i.ExpiresAt, i.State);
}

/// <summary>The link is in this response only: it is not stored, and cannot be shown again.</summary>
public sealed record CreatedInvitationDto(Guid Id, string Email, PanelRole Role, string Url, DateTimeOffset ExpiresAt);

/// <summary><c>role</c> is <c>viewer</c>, <c>deployer</c> or <c>admin</c>; <c>expiresInHours</c> 1–720, 72 by default.</summary>
public sealed record InvitationInput(string? Email, string? Role, int? ExpiresInHours = null);

public sealed record RoleInput(string? Role);

/// <summary>The people of the panel and their invitations (admin only).</summary>
public static class UsersApi
{
    public const string InvitationsByPeople =
        "A token cannot invite people: invitations are sent by a signed-in admin in Settings → Users.";

    private const string RoleNames = "role is \"viewer\", \"deployer\" or \"admin\".";

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAccess(Access.Admin);
        users.MapGet("/", ListAsync).WithName("ListUsers");
        users.MapPatch("/{id:guid}", ChangeRoleAsync).WithName("ChangeUserRole");
        users.MapDelete("/{id:guid}", RemoveAsync).WithName("RemoveUser");
        users.MapPost("/{id:guid}/sign-out-everywhere", SignOutEverywhereAsync).WithName("SignUserOutEverywhere");
        users.MapGet("/invitations", ListInvitationsAsync).WithName("ListInvitations");
        users.MapPost("/invitations", InviteAsync).WithName("InviteUser");
        users.MapGet("/invitations/{id:guid}", GetInvitationAsync).WithName("GetInvitation");
        users.MapDelete("/invitations/{id:guid}", RevokeInvitationAsync).WithName("RevokeInvitation");
        return api;
    }

    public static async Task<Ok<List<UserDto>>> ListAsync(PanelUsers users, CancellationToken ct) =>
        TypedResults.Ok((await users.ListAsync(ct)).Select(UserDto.From).ToList());

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> ChangeRoleAsync(Guid id, RoleInput input, PanelUsers users,
        HttpContext context, CancellationToken ct)
    {
        if (AccessNames.ParseRole(input.Role) is not { } role)
        {
            return TypedResults.Problem(RoleNames, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var outcome = await users.ChangeRoleAsync(id, role, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(UserDto.From(outcome.Value!)) : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, PanelUsers users, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await users.RemoveAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SignOutEverywhereAsync(Guid id, PanelUsers users,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await users.SignOutEverywhereAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static async Task<Ok<List<InvitationDto>>> ListInvitationsAsync(Invitations invitations, CancellationToken ct) =>
        TypedResults.Ok((await invitations.ListOpenAsync(ct)).Select(InvitationDto.From).ToList());

    public static async Task<Results<Ok<InvitationDto>, ProblemHttpResult>> GetInvitationAsync(Guid id, Invitations invitations,
        CancellationToken ct) =>
        await invitations.FindAsync(id, ct) is { } found ? TypedResults.Ok(InvitationDto.From(found)) : ProblemResults.NotFound("invitation");

    public static async Task<Results<Created<CreatedInvitationDto>, ProblemHttpResult>> InviteAsync(InvitationInput input,
        Invitations invitations, HttpContext context, CancellationToken ct)
    {
        if (PanelClaims.IsToken(context.User))
        {
            return TypedResults.Problem(InvitationsByPeople, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (AccessNames.ParseRole(input.Role) is not { } role)
        {
            return TypedResults.Problem(RoleNames, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        if (input.ExpiresInHours is < 1 or > 720)
        {
            return TypedResults.Problem("expiresInHours is between 1 and 720 (30 days), or left out for 72.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var lifetime = input.ExpiresInHours is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;
        var outcome = await invitations.CreateAsync(input.Email, role, lifetime, PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var (invitation, secret) = outcome.Value!;
        return TypedResults.Created($"/api/users/invitations/{invitation.Id}", new CreatedInvitationDto(invitation.Id,
            invitation.Email, invitation.Role, InvitationLinks.Url(context.Request, secret), invitation.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeInvitationAsync(Guid id, Invitations invitations,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await invitations.RevokeAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
