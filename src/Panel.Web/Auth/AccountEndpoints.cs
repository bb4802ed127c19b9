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
        return app;
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
