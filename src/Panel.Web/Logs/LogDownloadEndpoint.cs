using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Logs;

/// <summary>The log download of the service page, for signed-in people (the same file as the API's <c>download=true</c>).</summary>
public static class LogDownloadEndpoint
{
    public static IEndpointRouteBuilder MapLogDownload(this IEndpointRouteBuilder app)
    {
        app.MapGet("/services/{id:guid}/logs/download", DownloadAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(Guid id, string? since, string? search, bool? regex, bool? timestamps,
        ServiceLogs logs, TimeProvider clock, CancellationToken ct)
    {
        var name = await logs.FindServiceNameAsync(id, ct);
        if (name is null)
        {
            return TypedResults.NotFound("No service has this id.");
        }

        var now = clock.GetUtcNow();
        var (query, error) = LogRequest.Parse("all", since, null, search, regex == true, 0, now);
        return query is null
            ? TypedResults.BadRequest(error)
            : LogText.Result(logs, id, query, timestamps != false, LogRequest.FileName(name, now), ct);
    }
}
