using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// <c>POST /api/static-sites/{id}/releases</c>: the zip streams from the request (multipart field <c>file</c>,
/// or an application/zip body) to disk without being buffered; an upload over the limit is refused as
/// soon as it passes it.
/// </summary>
public static class ReleaseUpload
{
    private const long MultipartOverhead = 64 * 1024;

    public static async Task<Results<Created<StaticReleaseView>, ProblemHttpResult>> UploadAsync(Guid id, HttpContext context,
        StaticReleases releases, IOptions<StaticSitesOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The panel counts the bytes itself and answers 413 with its own message.
            bodySize.MaxRequestBodySize = null;
        }

        var actor = PanelActor.From(context.User, context);
        var request = context.Request;
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        Outcome<StaticReleaseView> outcome;
        if (string.IsNullOrEmpty(boundary))
        {
            if (mediaType?.MediaType.Value is not ("application/zip" or "application/octet-stream" or "application/x-zip-compressed"))
            {
                return Invalid("Send the zip as multipart/form-data in a field named \"file\" (curl -F file=@dist.zip), or as an application/zip body.");
            }

            outcome = await releases.UploadAsync(id, request.Body, request.ContentLength, actor, ct);
        }
        else
        {
            var declared = request.ContentLength is { } length ? Math.Max(0, length - MultipartOverhead) : (long?)null;
            var reader = new MultipartReader(boundary, request.Body);
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Value == "file")
                {
                    outcome = await releases.UploadAsync(id, section.Body, declared > limit ? declared : null, actor, ct);
                    return Result(id, outcome);
                }
            }

            return Invalid("The form has no file field named \"file\". Send it with curl -F file=@dist.zip.");
        }

        return Result(id, outcome);
    }

    private static Results<Created<StaticReleaseView>, ProblemHttpResult> Result(Guid id, Outcome<StaticReleaseView> outcome) =>
        outcome.Succeeded
            ? TypedResults.Created($"/api/static-sites/{id}/releases/{outcome.Value!.Id}", outcome.Value)
            : ProblemResults.From(outcome);

    private static ProblemHttpResult Invalid(string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
