using DropIt.Panel.Core.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record WebhookResponse(string Result, string Message, Guid? DeploymentId);

/// <summary>POST /api/webhooks/{serviceId}: anonymous, the signature is the authentication.</summary>
public static class WebhooksApi
{
    public const int MaxBodyBytes = 5 * 1024 * 1024;

    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{serviceId:guid}", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Webhooks")
            .WithName("ReceiveWebhook");
    }

    public static async Task<Results<Accepted<WebhookResponse>, Ok<WebhookResponse>, ProblemHttpResult>> ReceiveAsync(
        Guid serviceId, HttpRequest request, WebhookHandler handler, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem("The webhook body is too large.", statusCode: 413, title: "Too large");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var outcome = await handler.HandleAsync(serviceId, new WebhookRequest(headers, body.ToArray()),
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
}
