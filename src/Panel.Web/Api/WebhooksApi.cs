using System.Buffers;
using DropIt.Panel.Core.Webhooks;
using DropIt.Panel.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record WebhookResponse(string Result, string Message, Guid? DeploymentId);

/// <summary>
/// POST /api/webhooks/{serviceId}: anonymous, the signature is the authentication. The service is looked up
/// before the body is read, and the body is read only up to <see cref="MaxBodyBytes"/>, whether or not
/// Content-Length is sent; the route is rate limited per client address.
/// </summary>
public static class WebhooksApi
{
    /// <summary>Largest webhook body read (Git hosts send a few kilobytes per push).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const int ChunkBytes = 16 * 1024;

    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{serviceId:guid}", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(AnonymousRateLimits.Webhooks)
            .WithTags("Webhooks")
            .WithName("ReceiveWebhook");
    }

    public static async Task<Results<Accepted<WebhookResponse>, Ok<WebhookResponse>, ProblemHttpResult>> ReceiveAsync(
        Guid serviceId, HttpRequest request, WebhookHandler handler, CancellationToken ct)
    {
        var service = await handler.FindAsync(serviceId, ct);
        if (service is null)
        {
            return TypedResults.Problem(WebhookHandler.NotFound.Message, statusCode: 404, title: "Not found");
        }

        var body = request.ContentLength > MaxBodyBytes ? null : await ReadBoundedAsync(request.Body, ct);
        if (body is null)
        {
            return TypedResults.Problem($"The webhook body is larger than {MaxBodyBytes / 1024} KB.", statusCode: 413, title: "Too large");
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var outcome = await handler.HandleAsync(service, new WebhookRequest(headers, body),
            request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        var response = new WebhookResponse(outcome.Result.ToString().ToLowerInvariant(), outcome.Message, outcome.DeploymentId);
        return outcome.Result switch
        {
            WebhookResult.Deployed => TypedResults.Accepted($"/api/deployments/{outcome.DeploymentId}", response),
            WebhookResult.Ignored => TypedResults.Ok(response),
            WebhookResult.Unauthorized => TypedResults.Problem(outcome.Message, statusCode: 401, title: "Unauthorized"),
            _ => TypedResults.Problem(outcome.Message, statusCode: 404, title: "Not found"),
        };
    }

    /// <summary>The body's bytes, or null as soon as it passes <see cref="MaxBodyBytes"/> (the rest is never read).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream source, CancellationToken ct)
    {
        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(0, ChunkBytes), ct)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.ToArray();
    }
}
