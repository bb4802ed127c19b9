using System.Security.Claims;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// What a principal may do. A person's cookie carries their role and its access level; a token's principal carries the
/// token's effective access (its scope capped by its owner's role now), its scope, its owner's role and its project, if any.
/// </summary>
public static class PanelClaims
{
    public const string AccessLevel = "dropit:access";
    public const string TokenScope = "dropit:token-scope";
    public const string OwnerRole = "dropit:owner-role";
    public const string Project = "dropit:project";

    public static Access? AccessOf(ClaimsPrincipal user) => AccessNames.ParseAccess(user.FindFirstValue(AccessLevel));

    public static PanelRole? RoleOf(ClaimsPrincipal user) =>
        AccessNames.ParseRole(user.FindFirstValue(ClaimTypes.Role) ?? user.FindFirstValue(OwnerRole));

    public static Guid? ProjectOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Project), out var id) ? id : null;

    public static bool IsToken(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiTokenAuthenticationHandler.TokenIdClaim);

    public static bool Allows(ClaimsPrincipal user, Access needed) => AccessOf(user) >= needed;
}

/// <summary>The sign-in cookie's principal: Identity's claims plus the person's role and the access it gives.</summary>
public sealed class PanelClaimsFactory(UserManager<PanelUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PanelUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PanelUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, AccessNames.Of(user.Role)));
        identity.AddClaim(new Claim(PanelClaims.AccessLevel, AccessNames.Of(AccessLevels.Of(user.Role))));
        return identity;
    }
}
