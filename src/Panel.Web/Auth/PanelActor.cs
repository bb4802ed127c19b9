using System.Security.Claims;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Web.Auth;

public static class PanelActor
{
    /// <summary>The audit actor of a signed-in user or API token.</summary>
    public static Actor From(ClaimsPrincipal user, HttpContext? context = null)
    {
        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var parsed) ? parsed : (Guid?)null;
        var name = user.Identity?.Name ?? "unknown";
        var token = user.FindFirstValue(ApiTokenAuthenticationHandler.TokenNameClaim);
        if (token is not null)
        {
            name = $"{name} (token \"{token}\")";
        }

        return new Actor(id, name, context?.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The audit actor of an interactive page's user, with the address its circuit connected from.</summary>
    public static Actor From(ClaimsPrincipal user, ClientAddress client) => From(user) with { IpAddress = client.Value };

    public static Guid UserId(ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));
}
