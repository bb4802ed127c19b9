using DropIt.Panel.Core.Identity;
using System.Text.Json;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>Application services: create, read, change, delete, start/stop/restart, variables, source upload, webhook secret.</summary>
public static class ServicesApi
{
    public const long MaxSourceBytes = 512L * 1024 * 1024;

    public static RouteGroupBuilder MapServicesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:guid}/services", CreateAsync).WithTags("Services").WithName("CreateService");
        var services = api.MapGroup("/services").WithTags("Services");
        services.MapGet("/{id:guid}", GetAsync).WithName("GetService");
        services.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateService");
        services.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteService");
        services.MapPost("/{id:guid}/start", (Guid id, ServiceControl c, HttpContext h, CancellationToken ct) =>
            ControlAsync(c.StartAsync(id, PanelActor.From(h.User, h), ct))).WithName("StartService").RequireAccess(Access.Deploy);
        services.MapPost("/{id:guid}/stop", (Guid id, ServiceControl c, HttpContext h, CancellationToken ct) =>
            ControlAsync(c.StopAsync(id, PanelActor.From(h.User, h), ct))).WithName("StopService").RequireAccess(Access.Deploy);
        services.MapPost("/{id:guid}/restart", (Guid id, ServiceControl c, HttpContext h, CancellationToken ct) =>
            ControlAsync(c.RestartAsync(id, PanelActor.From(h.User, h), ct))).WithName("RestartService").RequireAccess(Access.Deploy);
        services.MapGet("/{id:guid}/env", GetVariablesAsync).WithName("GetServiceVariables");
        services.MapPut("/{id:guid}/env", PutVariablesAsync).WithName("PutServiceVariables")
            .Accepts<VariablesRequest>("application/json", "text/plain");
        services.MapPost("/{id:guid}/source", UploadSourceAsync).WithName("UploadServiceSource").DisableAntiforgery()
            .RequireAccess(Access.Deploy);
        services.MapPost("/{id:guid}/webhook-secret", CreateWebhookSecretAsync).WithName("CreateWebhookSecret");
        return api;
    }

    public static async Task<Results<Created<ApplicationDto>, ProblemHttpResult>> CreateAsync(Guid id, ServiceRequest request,
        ApplicationCatalog catalog, HttpContext context, CancellationToken ct)
    {
        if (request.Kind is not (null or "application"))
        {
            return TypedResults.Problem(
                $"Services of kind \"{request.Kind}\" cannot be created through this endpoint yet; kind \"application\" can.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var outcome = await catalog.CreateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/services/{outcome.Value!.Id}", ApplicationDto.From(outcome.Value, null, context.Request))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<ApplicationDto>, ProblemHttpResult>> GetAsync(Guid id, ApplicationCatalog catalog,
        LiveUpstreams upstreams, HttpContext context, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } view
            ? TypedResults.Ok(ApplicationDto.From(view, await upstreams.FindAsync(id, ct), context.Request))
            : ProblemResults.NotFound("application service");

    public static async Task<Results<Ok<ApplicationDto>, ProblemHttpResult>> UpdateAsync(Guid id, ServiceRequest request,
        ApplicationCatalog catalog, LiveUpstreams upstreams, HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.UpdateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(ApplicationDto.From(outcome.Value!, await upstreams.FindAsync(id, ct), context.Request))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ServiceControl control,
        HttpContext context, CancellationToken ct) =>
        await ControlAsync(control.DeleteAsync(id, PanelActor.From(context.User, context), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> ControlAsync(Task<Outcome<bool>> action)
    {
        var outcome = await action;
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<VariablesDto>, ProblemHttpResult>> GetVariablesAsync(Guid id, ApplicationCatalog catalog,
        VariableStore variables, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("application service")
            : TypedResults.Ok(new VariablesDto([.. await variables.ListAsync(id, ct)]));

    /// <summary>Replaces the variables: JSON <c>{"variables": {...}, "buildArguments": {...}}</c> or a dotenv body (text/plain).</summary>
    public static async Task<Results<Ok<VariablesDto>, ProblemHttpResult>> PutVariablesAsync(Guid id, HttpRequest request,
        VariableStore variables, CancellationToken ct)
    {
        VariablesRequest? body;
        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            var parsed = DotEnv.Parse(await reader.ReadToEndAsync(ct));
            if (parsed.Errors.Count > 0)
            {
                return TypedResults.Problem(string.Join(" ", parsed.Errors), statusCode: 400, title: "Invalid request");
            }

            body = new VariablesRequest(parsed.Variables.ToDictionary(), null);
        }
        else
        {
            try
            {
                body = await request.ReadFromJsonAsync<VariablesRequest>(ct);
            }
            catch (JsonException)
            {
                return TypedResults.Problem("Send {\"variables\": {\"KEY\": \"value\"}} as JSON, or a .env file as text/plain.",
                    statusCode: 400, title: "Invalid request");
            }
        }

        var actor = PanelActor.From(request.HttpContext.User, request.HttpContext);
        var outcome = await variables.SetAsync(id, body?.Variables ?? [], buildArguments: false, replaceAll: true, actor, ct);
        if (outcome.Succeeded && body?.BuildArguments is { } buildArguments)
        {
            outcome = await variables.SetAsync(id, buildArguments, buildArguments: true, replaceAll: true, actor, ct);
        }

        return outcome.Succeeded ? TypedResults.Ok(new VariablesDto([.. await variables.ListAsync(id, ct)])) : ProblemResults.From(outcome);
    }

    /// <summary>The source zip of an application whose source is an upload (multipart field <c>file</c>).</summary>
    public static async Task<Results<Ok<long>, ProblemHttpResult>> UploadSourceAsync(Guid id, IFormFile file,
        ApplicationCatalog catalog, HttpContext context, CancellationToken ct)
    {
        if (file.Length > MaxSourceBytes)
        {
            return TypedResults.Problem($"The zip is larger than {MaxSourceBytes / 1024 / 1024} MB.", statusCode: 413, title: "Too large");
        }

        await using var stream = file.OpenReadStream();
        var outcome = await catalog.StoreSourceAsync(id, stream, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<WebhookSecretDto>, ProblemHttpResult>> CreateWebhookSecretAsync(Guid id,
        ApplicationCatalog catalog, HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.CreateWebhookSecretAsync(id, PanelActor.From(context.User, context), ct);
        var request = context.Request;
        return outcome.Succeeded
            ? TypedResults.Ok(new WebhookSecretDto($"{request.Scheme}://{request.Host}/api/webhooks/{id}", outcome.Value!))
            : ProblemResults.From(outcome);
    }
}
