using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using DropIt.Panel.Core.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using DropIt.Panel.Core.Identity;

namespace DropIt.Panel.Web.Auth;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", LogoutAsync).ExcludeFromDescription();
        // Anonymous: the cookie it renews no longer passes the security stamp check. The ticket is what counts.
        app.MapGet("/account/refresh", RefreshAsync).ExcludeFromDescription().AllowAnonymous()
            .RequireRateLimiting(Network.AnonymousRateLimits.Anonymous);
        return app;
    }

    /// <summary>
    /// Re-issues the sign-in cookie after the person changed their own security stamp (two-factor on or off, a new password),
    /// given the one-time ticket their open page got (<see cref="SignInRefresh"/>) and this browser's earlier cookie of the same
    /// person, whose "keep me signed in" it keeps. Anything else leads to the sign-in page.
    /// </summary>
    private static async Task<RedirectHttpResult> RefreshAsync(HttpContext context, SignInRefresh refresh,
        SignInManager<PanelUser> signIn, UserManager<PanelUser> users, IOptionsMonitor<CookieAuthenticationOptions> cookies,
        string? ticket, string? returnUrl)
    {
        var userId = refresh.Redeem(ticket);
        var earlier = EarlierCookie(context, cookies.Get(IdentityConstants.ApplicationScheme));
        var user = userId is { } id && earlier?.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString()
            ? await users.FindByIdAsync(id.ToString())
            : null;
        if (user is null)
        {
            return TypedResults.LocalRedirect(AuthExtensions.LoginPath);
        }

        await signIn.SignInAsync(user, earlier!.Properties.IsPersistent);
        return TypedResults.LocalRedirect(LocalUrl.OrDefault(returnUrl));
    }

    // The browser's sign-in cookie as it was issued, whatever its security stamp says now.
    private static AuthenticationTicket? EarlierCookie(HttpContext context, CookieAuthenticationOptions options)
    {
        var value = options.CookieManager.GetRequestCookie(context, options.Cookie.Name!);
        return string.IsNullOrEmpty(value) ? null : options.TicketDataFormat.Unprotect(value);
    }

    private static async Task<RedirectHttpResult> LogoutAsync(
        HttpContext context, SignInManager<PanelUser> signIn, AuditTrail audit, [FromForm] string? returnUrl)
    {
        var actor = PanelActor.From(context.User, context);
        await signIn.SignOutAsync();
        await audit.RecordAsync(actor, AuditActions.SignedOut, actor.Name, cancellationToken: context.RequestAborted);
        return TypedResults.LocalRedirect(AuthExtensions.LoginPath);
    }
}
