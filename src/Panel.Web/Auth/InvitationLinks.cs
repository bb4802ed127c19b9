using Serilog.Events;

namespace DropIt.Panel.Web.Auth;

/// <summary>Where an invited person accepts: a static page of the panel, reached with the link's secret.</summary>
public static class InvitationLinks
{
    public const string Path = "/account/invite/";

    /// <summary>The link for <paramref name="secret"/> on the panel at <paramref name="baseUri"/> (ending with a slash or not).</summary>
    public static string Url(string baseUri, string secret) => baseUri.TrimEnd('/') + Path + secret;

    public static string Url(HttpRequest request, string secret) => Url($"{request.Scheme}://{request.Host}{request.PathBase}", secret);

    /// <summary>
    /// The request log's properties with an invitation link's secret cut off the path (the default ones otherwise): the
    /// log of every request never holds a working link.
    /// </summary>
    public static IEnumerable<LogEventProperty> RequestLogProperties(HttpContext context, string path, double elapsed, int status) =>
    [
        new("RequestMethod", new ScalarValue(context.Request.Method)),
        new("RequestPath", new ScalarValue(path.StartsWith(Path, StringComparison.OrdinalIgnoreCase) ? Path + "…" : path)),
        new("StatusCode", new ScalarValue(status)),
        new("Elapsed", new ScalarValue(elapsed)),
    ];
}
