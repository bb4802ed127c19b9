using System.Security.Claims;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>The token behind a request, when there is one.</summary>
public sealed record CallerTokenDto(Guid Id, string Name, Access Scope, Guid? ProjectId);

/// <summary>Who calls: the person, their role, and the access this request has (a token's scope capped by the role).</summary>
public sealed record AccountDto(Guid Id, string Email, PanelRole Role, Access Access, bool TwoFactorEnabled, CallerTokenDto? Token);

public sealed record PasswordInput(string? CurrentPassword, string? NewPassword);

/// <summary>The caller's own account: who they are, a new password, signing out everywhere.</summary>
public static class AccountApi
{
    public const string PasswordByPeople =
        "A token cannot change a password: sign in and change it in Settings → Account.";

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account").RequireAccess(Access.Read);
        account.MapGet("/", GetAsync).WithName("GetAccount");
        account.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword");
        account.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).WithName("SignOutEverywhere");
        return api;
    }

    public static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> GetAsync(PanelUsers users, HttpContext context,
        CancellationToken ct)
    {
        if (await users.FindAsync(PanelActor.UserId(context.User), ct) is not { } user)
        {
            return ProblemResults.NotFound("user");
        }

        var principal = context.User;
        var token = PanelClaims.IsToken(principal)
            ? new CallerTokenDto(Guid.Parse(principal.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim)!),
                principal.FindFirstValue(ApiTokenAuthenticationHandler.TokenNameClaim) ?? "",
                AccessNames.ParseAccess(principal.FindFirstValue(PanelClaims.TokenScope)) ?? Access.Read, PanelClaims.ProjectOf(principal))
            : null;
        return TypedResults.Ok(new AccountDto(user.Id, user.Email, user.Role, PanelClaims.AccessOf(principal) ?? Access.Read,
            user.TwoFactorEnabled, token));
    }

    /// <summary>
    /// <c>{currentPassword, newPassword}</c>: 204, and every sign-in of the person ends, this one included (sign in again).
    /// Wrong current passwords are slowed down per address like sign-ins.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(PasswordInput input, PanelUsers users,
        SignInThrottle throttle, HttpContext context, CancellationToken ct)
    {
        if (PanelClaims.IsToken(context.User))
        {
            return TypedResults.Problem(PasswordByPeople, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var address = context.Connection.RemoteIpAddress;
        if (!throttle.TryBegin(address, out var retryAfter))
        {
            var message = TooManyAttempts.Refuse(context, retryAfter);
            return TypedResults.Problem(message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        var outcome = await users.ChangePasswordAsync(PanelActor.UserId(context.User), input.CurrentPassword, input.NewPassword,
            keptSession: null, PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        throttle.Succeeded(address);
        return TypedResults.NoContent();
    }

    /// <summary>Ends every sign-in of the calling person (browsers and open pages); API tokens keep working until revoked.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SignOutEverywhereAsync(PanelUsers users, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await users.SignOutEverywhereAsync(PanelActor.UserId(context.User), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
