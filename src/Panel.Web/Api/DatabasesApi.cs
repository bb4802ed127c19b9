using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Databases: create, read, change, delete, start/stop/restart, credentials, password rotation, their deployments, and the
/// links application variables use.
/// </summary>
public static class DatabasesApi
{
    public static RouteGroupBuilder MapDatabasesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:guid}/databases", CreateAsync).WithTags("Databases").WithName("CreateDatabase");
        api.MapGet("/projects/{id:guid}/database-links", ListLinksAsync).WithTags("Databases").WithName("ListDatabaseLinks");
        var databases = api.MapGroup("/databases").WithTags("Databases");
        databases.MapGet("/{id:guid}", GetAsync).WithName("GetDatabase");
        databases.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateDatabase");
        databases.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteDatabase");
        databases.MapPost("/{id:guid}/credentials", RevealAsync).WithName("RevealDatabaseCredentials");
        databases.MapPost("/{id:guid}/rotate-password", RotatePasswordAsync).WithName("RotateDatabasePassword");
        databases.MapPost("/{id:guid}/upgrade", UpgradeAsync).WithName("UpgradeDatabase");
        databases.MapDelete("/{id:guid}/previous-volume", DeletePreviousVolumeAsync).WithName("DeleteDatabasePreviousVolume");
        databases.MapGet("/{id:guid}/deployments", ListDeploymentsAsync).WithName("ListDatabaseDeployments");
        databases.MapPost("/{id:guid}/start", StartAsync).WithName("StartDatabase").RequireAccess(Access.Deploy);
        databases.MapPost("/{id:guid}/stop", StopAsync).WithName("StopDatabase").RequireAccess(Access.Deploy);
        databases.MapPost("/{id:guid}/restart", RestartAsync).WithName("RestartDatabase").RequireAccess(Access.Deploy);
        return api;
    }

    /// <summary>Creates the database and queues its first start (listed at /api/databases/{id}/deployments).</summary>
    public static async Task<Results<Created<DatabaseDto>, ProblemHttpResult>> CreateAsync(Guid id, DatabaseRequest request,
        DatabaseCatalog catalog, HttpContext context, CancellationToken ct)
    {
        var (input, error) = request.ToInput();
        if (input is null)
        {
            return Invalid(error!);
        }

        var outcome = await catalog.CreateAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/databases/{outcome.Value!.Id}", DatabaseDto.From(outcome.Value, ShowsInitScripts(context)))
            : ProblemResults.From(outcome);
    }

    /// <summary>The database; its init scripts only to an admin caller (they may hold secrets).</summary>
    public static async Task<Results<Ok<DatabaseDto>, ProblemHttpResult>> GetAsync(Guid id, DatabaseCatalog catalog, HttpContext context,
        CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } view
            ? TypedResults.Ok(DatabaseDto.From(view, ShowsInitScripts(context)))
            : ProblemResults.NotFound("database");

    private static bool ShowsInitScripts(HttpContext context) => PanelClaims.Allows(context.User, Access.Admin);

    /// <summary>Changes settings; they apply at once by a stop-first restart (a major PostgreSQL upgrade is a 409).</summary>
    public static async Task<Results<Ok<DatabaseDto>, ProblemHttpResult>> UpdateAsync(Guid id, DatabaseRequest request,
        DatabaseCatalog catalog, HttpContext context, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } current)
        {
            return ProblemResults.NotFound("database");
        }

        var (input, error) = request.ToInput(current);
        if (input is null)
        {
            return Invalid(error!);
        }

        var outcome = await catalog.UpdateAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(DatabaseDto.From(outcome.Value!, ShowsInitScripts(context))) : ProblemResults.From(outcome);
    }

    /// <summary>Removes the database; its volume (the data) only with <c>deleteVolume=true</c>.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, bool? deleteVolume, DatabaseControl control,
        HttpContext context, CancellationToken ct) =>
        NoContent(await control.DeleteAsync(id, deleteVolume ?? false, PanelActor.From(context.User, context), ct));

    /// <summary>The credentials in clear; a POST because every look is audited.</summary>
    public static async Task<Results<Ok<DatabaseCredentialsDto>, ProblemHttpResult>> RevealAsync(Guid id, DatabaseCatalog catalog,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.RevealAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(DatabaseCredentialsDto.From(outcome.Value!)) : ProblemResults.From(outcome);
    }

    /// <summary>A new password, set in the running server, then a stop-first redeploy: 202 with the deployment to follow.</summary>
    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> RotatePasswordAsync(Guid id,
        DatabaseControl control, HttpContext context, CancellationToken ct)
    {
        var outcome = await control.RotatePasswordAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/deployments/{outcome.Value!.Id}", new DeploymentCreated(outcome.Value.Id))
            : ProblemResults.From(outcome);
    }

    /// <summary>A PostgreSQL major upgrade by dump and restore; the old volume is kept for a rollback.</summary>
    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> UpgradeAsync(Guid id, DatabaseUpgradeRequest request,
        DatabaseCatalog catalog, HttpContext context, CancellationToken ct)
    {
        var outcome = await catalog.UpgradeAsync(id, request.Version, request.Image, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/deployments/{outcome.Value!.Id}", new DeploymentCreated(outcome.Value.Id))
            : ProblemResults.From(outcome);
    }

    /// <summary>Deletes the volume an upgrade kept for a rollback.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePreviousVolumeAsync(Guid id, DatabaseControl control,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await control.DeletePreviousVolumeAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>Its starts and restarts, newest first; the first one is queued by the create.</summary>
    public static async Task<Results<Ok<List<DeploymentDto>>, ProblemHttpResult>> ListDeploymentsAsync(Guid id, int? take,
        DatabaseCatalog catalog, DeploymentHistory history, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("database")
            : TypedResults.Ok((await history.ListAsync(id, take ?? 50, ct)).Select(DeploymentDto.From).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> StartAsync(Guid id, DatabaseControl control, HttpContext context,
        CancellationToken ct) =>
        NoContent(await control.StartAsync(id, PanelActor.From(context.User, context), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> StopAsync(Guid id, DatabaseControl control, HttpContext context,
        CancellationToken ct) =>
        NoContent(await control.StopAsync(id, PanelActor.From(context.User, context), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RestartAsync(Guid id, DatabaseControl control, HttpContext context,
        CancellationToken ct) =>
        NoContent(await control.RestartAsync(id, PanelActor.From(context.User, context), ct));

    /// <summary>The project's databases an application variable can reference as <c>${{ name.url }}</c>.</summary>
    public static async Task<Results<Ok<List<DatabaseLinkDto>>, ProblemHttpResult>> ListLinksAsync(Guid id, ProjectService projects,
        DatabaseCatalog catalog, CancellationToken ct) =>
        await projects.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("project")
            : TypedResults.Ok((await catalog.ListLinksAsync(id, ct)).Select(DatabaseLinkDto.From).ToList());

    private static Results<NoContent, ProblemHttpResult> NoContent(Outcome<bool> outcome) =>
        outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);

    private static ProblemHttpResult Invalid(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
