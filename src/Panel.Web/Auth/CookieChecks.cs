using System.Security.Claims;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Auth;

/// <summary>The checks a sign-in cookie passes on every request.</summary>
public static class CookieChecks
{
    /// <summary>
    /// The cookie's security stamp and role must still be the person's: "sign out everywhere", a new password, a new role
    /// or removal end every sign-in at its next request (one indexed lookup per request), not after an interval.
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal ?? new ClaimsPrincipal();
        var stampType = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>()
            .Value.ClaimsIdentity.SecurityStampClaimType;
        var current = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? await context.HttpContext.RequestServices.GetRequiredService<IPanelDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == id).Select(u => new { u.SecurityStamp, u.Role })
                .FirstOrDefaultAsync(context.HttpContext.RequestAborted)
            : null;
        if (current is null || current.SecurityStamp != principal.FindFirstValue(stampType)
            || principal.FindFirstValue(ClaimTypes.Role) != AccessNames.Of(current.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// Whether a browser's cookie may sign an /api request: only from the panel's own pages (Fetch Metadata
    /// <c>Sec-Fetch-Site</c> same-origin or none, and an <c>Origin</c>, when sent, that is this panel). Programs that send
    /// neither header (curl, scripts) may use a cookie too; any other site's page may not, so it cannot act through a
    /// signed-in admin's browser.
    /// </summary>
    public static bool MaySignApiRequest(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
