using System.Net;

namespace DropIt.Panel.Web.Network;

/// <summary>
/// With <c>AllowedHosts</c> left at <c>*</c>, the panel answers only its own domain and localhost once a domain is
/// set (Settings); other Host headers get 400. ACME challenges answer for every host (Traefik routes them all
/// to the panel). Any other <c>AllowedHosts</c> value is a fixed list that ASP.NET Core's host filtering applies.
/// </summary>
internal sealed class PanelHostFilter(RequestDelegate next, PanelDomainCache domain)
{
    private const string AcmeChallengePath = "/.well-known/acme-challenge";

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (IsLocal(host) || context.Request.Path.StartsWithSegments(AcmeChallengePath))
        {
            await next(context);
            return;
        }

        var panelDomain = await domain.GetAsync(context.RequestAborted);
        if (panelDomain is null || string.Equals(host, panelDomain, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("This host name is not served here: open the panel at its domain.", context.RequestAborted);
    }

    private static bool IsLocal(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
