using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Web.Auth;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// <c>GET /metrics</c>: the panel's Prometheus metrics in the text format, for an API token with the read scope (or a
/// signed-in person's cookie, as on /api). A token limited to a project is refused: the metrics cover every project and
/// the server (decision 041).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointConventionBuilder MapPanelMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, WriteAsync)
            .RequireAccess(Access.Read)
            .WithTags("Monitoring")
            .WithName("GetMetrics")
            .ExcludeFromDescription();

    private static async Task WriteAsync(HttpContext http, PanelMetrics metrics)
    {
        http.Response.ContentType = PanelMetrics.ContentType;
        http.Response.Headers.CacheControl = "no-store";
        await metrics.WriteAsync(http.Response.Body, http.RequestAborted);
    }
}
