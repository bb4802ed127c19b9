using Microsoft.AspNetCore.Diagnostics;

namespace DropIt.Panel.Web.Components;

/// <summary>
/// An address the panel does not know, opened in a browser, gets the panel's own not-found page (its layout and
/// menu for a signed-in user) with status 404, instead of the browser's bare 404. Only an empty 404 to a GET of a
/// page is re-executed: API callers, Blazor's own files and every other status keep their answers.
/// </summary>
public static class NotFoundPages
{
    public const string Path = "/not-found";

    public static WebApplication UsePanelNotFoundPage(this WebApplication app)
    {
        // On the application itself (not in a UseWhen branch), so that the re-executed request is routed again.
        app.UseStatusCodePagesWithReExecute(Path, createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            await next(context);
            if ((context.Response.StatusCode != StatusCodes.Status404NotFound || !IsPageRequest(context))
                && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }
        });
        return app;
    }

    private static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api")
        && !context.Request.Path.StartsWithSegments("/_framework")
        && !context.Request.Path.StartsWithSegments("/_content")
        && !context.Request.Path.StartsWithSegments("/_blazor")
        && !context.Request.Path.StartsWithSegments("/health");
}
