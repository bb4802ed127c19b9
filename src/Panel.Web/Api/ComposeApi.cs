using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Compose services: create, read, change, delete, the write-only .env, checks of a file, the stack's services (live state,
/// restart) and their deployments. Domains, rollbacks and deployment logs use the routes every service has.
/// </summary>
public static class ComposeApi
{
    public static RouteGroupBuilder MapComposeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:guid}/compose", CreateAsync).WithTags("Compose").WithName("CreateCompose");
        var compose = api.MapGroup("/compose").WithTags("Compose");
        // Reads nothing of any project: a token limited to one may use it too.
        compose.MapPost("/check", CheckTextAsync).WithName("CheckComposeFile").Accepts<string>("text/plain", "application/yaml", "application/x-yaml", "text/yaml", "application/json")
            .WithMetadata(FilteredByTokenProject.Instance);
        compose.MapGet("/{id:guid}", GetAsync).WithName("GetCompose");
        compose.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateCompose");
        compose.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCompose");
        compose.MapPut("/{id:guid}/env", PutEnvAsync).WithName("PutComposeEnv").Accepts<ComposeEnvRequest>("application/json", "text/plain");
        compose.MapPost("/{id:guid}/check", CheckAsync).WithName("CheckCompose");
        compose.MapGet("/{id:guid}/services", ListServicesAsync).WithName("ListComposeServices");
        compose.MapPost("/{id:guid}/services/{name}/restart", RestartServiceAsync).WithName("RestartComposeService").RequireAccess(Access.Deploy);
        compose.MapPost("/{id:guid}/deployments", DeployAsync).WithName("DeployCompose").RequireAccess(Access.Deploy);
        compose.MapGet("/{id:guid}/deployments", ListDeploymentsAsync).WithName("ListComposeDeployments");
        return api;
    }

    /// <summary>Creates the compose service (not deployed yet: POST /api/compose/{id}/deployments deploys it).</summary>
    public static async Task<Results<Created<ComposeDto>, ProblemHttpResult>> CreateAsync(Guid id, ComposeRequest request,
        ComposeCatalog catalog, HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.CreateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/compose/{outcome.Value!.Id}", ComposeDto.From(outcome.Value))
            : ProblemResults.From(outcome);
    }

    /// <summary>The compose service with its services' live state (<c>services</c> is null when Docker cannot be reached).</summary>
    public static async Task<Results<Ok<ComposeDto>, ProblemHttpResult>> GetAsync(Guid id, ComposeCatalog catalog, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } view)
        {
            return ProblemResults.NotFound("compose service");
        }

        IReadOnlyList<ComposeServiceState>? services = null;
        try
        {
            services = (await catalog.ListServicesAsync(id, ct)).Value;
        }
        catch (EngineException)
        {
            // The settings are still worth showing; /services says why Docker did not answer.
        }

        return TypedResults.Ok(ComposeDto.From(view, services));
    }

    /// <summary>Changes the file, its source or the .env; they apply at the next deployment. A file with errors is refused (400).</summary>
    public static async Task<Results<Ok<ComposeDto>, ProblemHttpResult>> UpdateAsync(Guid id, ComposeRequest request,
        ComposeCatalog catalog, HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.UpdateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(ComposeDto.From(outcome.Value!)) : ProblemResults.From(outcome);
    }

    /// <summary>Removes the stack (services, networks, secrets, configs), its images and deployments. Volumes are kept.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ComposeCatalog catalog, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await catalog.DeleteAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>Replaces the .env: a text/plain body, or JSON <c>{"content": "..."}</c>; empty removes it. The answer shows only its keys.</summary>
    public static async Task<Results<Ok<ComposeDto>, ProblemHttpResult>> PutEnvAsync(Guid id, HttpRequest request, ComposeCatalog catalog,
        CancellationToken ct)
    {
        var (text, error) = await ReadTextAsync(request, ComposeSettings.EnvMaxLength, "{\"content\": \"KEY=value\\n\"}", ct);
        if (text is null)
        {
            return error!;
        }

        var outcome = await catalog.SetEnvAsync(id, text, PanelActor.From(request.HttpContext.User, request.HttpContext), ct);
        return outcome.Succeeded ? TypedResults.Ok(ComposeDto.From(outcome.Value!)) : ProblemResults.From(outcome);
    }

    /// <summary>Checks a compose file (the body: text, or JSON <c>{"composeFile": "..."}</c>) without saving anything.</summary>
    public static async Task<Results<Ok<ComposeCheckDto>, ProblemHttpResult>> CheckTextAsync(HttpRequest request, ComposeCatalog catalog,
        CancellationToken ct)
    {
        var (text, error) = await ReadTextAsync(request, ComposeSettings.FileMaxLength, "{\"composeFile\": \"services: ...\"}", ct);
        if (text is null)
        {
            return error!;
        }

        return Check(await catalog.CheckTextAsync(text, null, ct));
    }

    /// <summary>Checks the saved file (a Git source: cloned now, into a workspace removed after).</summary>
    public static async Task<Results<Ok<ComposeCheckDto>, ProblemHttpResult>> CheckAsync(Guid id, ComposeCatalog catalog, CancellationToken ct) =>
        Check(await catalog.CheckAsync(id, ct));

    public static async Task<Results<Ok<List<ComposeServiceDto>>, ProblemHttpResult>> ListServicesAsync(Guid id, ComposeCatalog catalog,
        CancellationToken ct)
    {
        var outcome = await catalog.ListServicesAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!.Select(ComposeServiceDto.From).ToList()) : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RestartServiceAsync(Guid id, string name, ComposeCatalog catalog,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.RestartServiceAsync(id, name, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>Deploys the stack now: 202 with the deployment, followed at /api/deployments/{id}.</summary>
    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> DeployAsync(Guid id, ComposeCatalog catalog,
        DeploymentService deployments, HttpContext context, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("compose service");
        }

        var outcome = await deployments.QueueAsync(id, DeploymentTrigger.Api, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/deployments/{outcome.Value!.Id}", new DeploymentCreated(outcome.Value.Id))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<List<DeploymentDto>>, ProblemHttpResult>> ListDeploymentsAsync(Guid id, int? take,
        ComposeCatalog catalog, DeploymentHistory history, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("compose service")
            : TypedResults.Ok((await history.ListAsync(id, take ?? 50, ct)).Select(DeploymentDto.From).ToList());

    private static Results<Ok<ComposeCheckDto>, ProblemHttpResult> Check(Outcome<ComposeCheck> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(ComposeCheckDto.From(outcome.Value!)) : ProblemResults.From(outcome);

    /// <summary>The body as text (JSON: its <c>content</c> or <c>composeFile</c>), refused past about <paramref name="max"/> characters.</summary>
    private static async Task<(string? Text, ProblemHttpResult? Error)> ReadTextAsync(HttpRequest request, int max, string jsonExample,
        CancellationToken ct)
    {
        // JSON escapes make the same text longer; the catalog checks the length of what it holds.
        var json = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        var limit = json ? (2 * max) + 1024 : max;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[limit + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        if (read > limit)
        {
            return (null, TypedResults.Problem($"The body is longer than {max / 1024} KB, the most the panel keeps.", statusCode: 413,
                title: "Too large"));
        }

        if (json)
        {
            try
            {
                var body = JsonSerializer.Deserialize<ComposeTextRequest>(buffer.AsSpan(0, read), JsonSerializerOptions.Web);
                if ((body?.Content ?? body?.ComposeFile) is { } text)
                {
                    return (text, null);
                }
            }
            catch (JsonException)
            {
                // Answered below.
            }

            return (null, TypedResults.Problem($"Send {jsonExample} as JSON, or the text itself as text/plain.", statusCode: 400,
                title: "Invalid request"));
        }

        return (new string(buffer, 0, read), null);
    }

    private sealed record ComposeTextRequest(string? Content, string? ComposeFile);
}
