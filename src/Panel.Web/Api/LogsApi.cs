using DropIt.Panel.Core.Logs;
using DropIt.Panel.Web.Logs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>The lines of a service's log.</summary>
public sealed record LogsDto(IReadOnlyList<LogLine> Lines);

/// <summary>Logs of a service's containers: the newest lines as JSON or text, or all of them as a file.</summary>
public static class LogsApi
{
    public const int DefaultTail = 500;

    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/services/{id:guid}/logs", GetAsync).WithTags("Logs").WithName("GetServiceLogs")
            .Produces<LogsDto>(StatusCodes.Status200OK, "application/json", "text/plain");
        return api;
    }

    /// <summary>
    /// <c>tail</c> (default 500, or <c>all</c>), <c>since</c>/<c>until</c> (a time or <c>15m</c>), <c>search</c>
    /// (<c>regex=true</c>: a regular expression), <c>timestamps</c> (text only), <c>download=true</c> for a file of every line.
    /// </summary>
    public static async Task<Results<Ok<LogsDto>, PushStreamHttpResult, ProblemHttpResult>> GetAsync(Guid id, string? tail, string? since,
        string? until, string? search, bool? regex, bool? timestamps, bool? download, ServiceLogs logs, TimeProvider clock,
        HttpContext context, CancellationToken ct)
    {
        var name = await logs.FindServiceNameAsync(id, ct);
        if (name is null)
        {
            return ProblemResults.NotFound("service");
        }

        var now = clock.GetUtcNow();
        var attachment = download == true;
        var (query, error) = LogRequest.Parse(tail, since, until, search, regex == true, attachment ? 0 : DefaultTail, now);
        if (query is null)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        if (attachment || WantsText(context.Request))
        {
            return LogText.Result(logs, id, query, timestamps != false, attachment ? LogRequest.FileName(name, now) : null, ct);
        }

        try
        {
            return TypedResults.Ok(new LogsDto(await logs.ReadAsync(id, query, ct)));
        }
        catch (LogSearchException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }
    }

    private static bool WantsText(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        && !accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
