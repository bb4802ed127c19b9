using System.Security.Claims;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace DropIt.Panel.Web.Auth;

/// <summary>Grants an <see cref="AccessRequirement"/> to a principal with that level or more; a refusal says what is missing.</summary>
public sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var granted = PanelClaims.AccessOf(context.User);
        if (granted >= requirement.Level)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AccessFailure(this, Refusal(context.User, requirement.Level, granted), requirement.Level, granted));
        }

        return Task.CompletedTask;
    }

    /// <summary>"This needs deploy access; ..." with what the caller has and how to get more.</summary>
    public static string Refusal(ClaimsPrincipal user, Access needed, Access? granted)
    {
        var need = AccessNames.Of(needed);
        var role = PanelClaims.RoleOf(user);
        var roleName = role is { } r ? AccessNames.Of(r) : "no role";
        if (!PanelClaims.IsToken(user))
        {
            return $"This needs {need} access; you are a {roleName}, which gives {AccessNames.Of(granted ?? Access.Read)} access. "
                + "Ask an admin to change your role in Settings → Users.";
        }

        var token = user.FindFirstValue(ApiTokenAuthenticationHandler.TokenNameClaim);
        var scope = AccessNames.ParseAccess(user.FindFirstValue(PanelClaims.TokenScope));
        var has = AccessNames.Of(granted ?? Access.Read);
        if (scope >= needed)
        {
            return $"This needs {need} access; the token \"{token}\" has the {AccessNames.Of(scope.Value)} scope, but its owner "
                + $"{user.Identity?.Name} is a {roleName} now, which limits it to {has} access. Ask an admin for a role that allows {need}.";
        }

        return $"This needs the {need} scope; the token \"{token}\" has the {has} scope. "
            + $"Create a token with the {need} scope in Settings → API tokens.";
    }
}
