using Microsoft.AspNetCore.Http.HttpResults;
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
        app.MapGet("/account/refresh", RefreshAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Re-issues the sign-in cookie after the user's security stamp changed (two-factor on or off).</summary>
    private static async Task<RedirectHttpResult> RefreshAsync(
        HttpContext context, SignInManager<PanelUser> signIn, UserManager<PanelUser> users, string? returnUrl)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is not null)
        {
            await signIn.RefreshSignInAsync(user);
        }

        return TypedResults.LocalRedirect(LocalUrl.OrDefault(returnUrl));
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
