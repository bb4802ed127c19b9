using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Backups: destinations (S3 buckets and folders), policies of databases (under the database), volumes and the panel,
/// their backups, test restores, restores and downloads. Runs and unkeyed test restores go to the job queue; restores and keyed test
/// restores run in the panel (<see cref="BackupWork"/>) so the admin's key is never stored.
/// </summary>
public static class BackupsApi
{
    public static RouteGroupBuilder MapBackupsApi(this RouteGroupBuilder api)
    {
        var destinations = api.MapGroup("/backup-destinations").WithTags("Backups");
        destinations.MapGet("/", ListDestinationsAsync).WithName("ListBackupDestinations");
        destinations.MapPost("/", CreateDestinationAsync).WithName("CreateBackupDestination");
        destinations.MapGet("/{id:guid}", GetDestinationAsync).WithName("GetBackupDestination");
        destinations.MapPut("/{id:guid}", UpdateDestinationAsync).WithName("UpdateBackupDestination");
        destinations.MapDelete("/{id:guid}", DeleteDestinationAsync).WithName("DeleteBackupDestination");
        destinations.MapPost("/{id:guid}/test", TestDestinationAsync).WithName("TestBackupDestination");

        var databases = api.MapGroup("/databases").WithTags("Backups");
        databases.MapGet("/{id:guid}/backup-policies", ListDatabasePoliciesAsync).WithName("ListDatabaseBackupPolicies");
        databases.MapPost("/{id:guid}/backup-policies", CreateDatabasePolicyAsync).WithName("CreateDatabaseBackupPolicy");
        databases.MapPost("/{id:guid}/backups", BackupRunsApi.BackUpDatabaseAsync).WithName("BackUpDatabase").RequireAccess(Access.Deploy);
        databases.MapGet("/{id:guid}/backups", BackupRunsApi.ListDatabaseBackupsAsync).WithName("ListDatabaseBackups");
        databases.MapPost("/{id:guid}/restore-upload", RestoreUpload.UploadAsync).WithName("RestoreDatabaseUpload").DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");

        var policies = api.MapGroup("/backup-policies").WithTags("Backups");
        policies.MapGet("/", ListPoliciesAsync).WithName("ListBackupPolicies");
        policies.MapPost("/", CreatePolicyAsync).WithName("CreateBackupPolicy");
        policies.MapGet("/{id:guid}", GetPolicyAsync).WithName("GetBackupPolicy");
        policies.MapPut("/{id:guid}", UpdatePolicyAsync).WithName("UpdateBackupPolicy");
        policies.MapDelete("/{id:guid}", DeletePolicyAsync).WithName("DeleteBackupPolicy");
        policies.MapPost("/{id:guid}/run", BackupRunsApi.RunNowAsync).WithName("RunBackupPolicy").RequireAccess(Access.Deploy);
        policies.MapGet("/{id:guid}/backups", BackupRunsApi.ListPolicyBackupsAsync).WithName("ListBackupPolicyBackups");

        var backups = api.MapGroup("/backups").WithTags("Backups");
        backups.MapGet("/activity", BackupRunsApi.Activity).WithName("GetBackupActivity");
        backups.MapGet("/{id:guid}", BackupRunsApi.GetBackupAsync).WithName("GetBackup");
        backups.MapPost("/{id:guid}/verify", BackupRunsApi.VerifyAsync).WithName("VerifyBackup");
        backups.MapPost("/{id:guid}/restore", BackupRunsApi.RestoreAsync).WithName("RestoreBackup");
        backups.MapGet("/{id:guid}/download", BackupDownload.DownloadAsync).WithName("DownloadBackup").RequireAccess(Access.Admin)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

        api.MapGet("/restores/{id:guid}", BackupRunsApi.GetRestore).WithTags("Backups").WithName("GetRestore");
        return api;
    }

    public static async Task<Ok<List<DestinationDto>>> ListDestinationsAsync(BackupDestinations destinations, CancellationToken ct) =>
        TypedResults.Ok((await destinations.ListAsync(ct)).Select(DestinationDto.From).ToList());

    public static async Task<Results<Created<DestinationDto>, ProblemHttpResult>> CreateDestinationAsync(DestinationRequest request,
        BackupDestinations destinations, HttpContext context, CancellationToken ct)
    {
        var (input, error) = request.ToInput();
        if (input is null)
        {
            return Invalid(error!);
        }

        var outcome = await destinations.SaveAsync(null, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/backup-destinations/{outcome.Value!.Id}", DestinationDto.From(outcome.Value))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<DestinationDto>, ProblemHttpResult>> GetDestinationAsync(Guid id, BackupDestinations destinations,
        CancellationToken ct) =>
        await FindDestinationAsync(id, destinations, ct) is { } found
            ? TypedResults.Ok(DestinationDto.From(found))
            : ProblemResults.NotFound("backup destination");

    /// <summary>Replaces the destination's settings; a left-out secret key keeps the stored one.</summary>
    public static async Task<Results<Ok<DestinationDto>, ProblemHttpResult>> UpdateDestinationAsync(Guid id, DestinationRequest request,
        BackupDestinations destinations, HttpContext context, CancellationToken ct)
    {
        if (await FindDestinationAsync(id, destinations, ct) is not { } current)
        {
            return ProblemResults.NotFound("backup destination");
        }

        var (input, error) = request.ToInput(current.Kind);
        if (input is null)
        {
            return Invalid(error!);
        }

        var outcome = await destinations.SaveAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(DestinationDto.From(outcome.Value! with { PolicyCount = current.PolicyCount }))
            : ProblemResults.From(outcome);
    }

    /// <summary>Removes the destination; 409 while a policy stores its backups there. Stored backups stay where they are.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDestinationAsync(Guid id, BackupDestinations destinations,
        HttpContext context, CancellationToken ct) =>
        NoContent(await destinations.DeleteAsync(id, PanelActor.From(context.User, context), ct));

    /// <summary>Writes, reads back and deletes a small object; a failure is a 200 whose message is the storage's own error.</summary>
    public static async Task<Results<Ok<DestinationTestDto>, ProblemHttpResult>> TestDestinationAsync(Guid id,
        BackupDestinations destinations, CancellationToken ct)
    {
        var outcome = await destinations.TestAsync(id, ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new DestinationTestDto(outcome.Value!.Succeeded, outcome.Value.Message))
            : ProblemResults.From(outcome);
    }

    /// <summary>Every backup policy: of databases, volumes and the panel.</summary>
    public static async Task<Ok<List<PolicyDto>>> ListPoliciesAsync(BackupPolicies policies, CancellationToken ct) =>
        TypedResults.Ok((await policies.ListAsync(null, ct)).Select(p => PolicyDto.From(p)).ToList());

    /// <summary>The backup policies of one database.</summary>
    public static async Task<Results<Ok<List<PolicyDto>>, ProblemHttpResult>> ListDatabasePoliciesAsync(Guid id, DatabaseCatalog catalog,
        BackupPolicies policies, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("database")
            : TypedResults.Ok((await policies.ListAsync(id, ct)).Select(p => PolicyDto.From(p)).ToList());

    /// <summary>Creates a policy of the database; with <c>encrypt</c>, the answer carries the new private key, shown this once.</summary>
    public static async Task<Results<Created<PolicyDto>, ProblemHttpResult>> CreateDatabasePolicyAsync(Guid id, PolicyRequest request,
        DatabaseCatalog catalog, BackupPolicies policies, HttpContext context, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("database");
        }

        return await CreateAsync(request.ToDatabaseInput(id), policies, context, ct);
    }

    /// <summary>Creates a policy of a volume or of the panel; with <c>encrypt</c>, the answer carries the new private key, shown this once.</summary>
    public static Task<Results<Created<PolicyDto>, ProblemHttpResult>> CreatePolicyAsync(PolicyRequest request, BackupPolicies policies,
        HttpContext context, CancellationToken ct) =>
        CreateAsync(request.ToVolumeOrPanelInput(), policies, context, ct);

    public static async Task<Results<Ok<PolicyDto>, ProblemHttpResult>> GetPolicyAsync(Guid id, BackupPolicies policies,
        CancellationToken ct) =>
        await policies.FindAsync(id, ct) is { } policy ? TypedResults.Ok(PolicyDto.From(policy)) : ProblemResults.NotFound("backup policy");

    /// <summary>Changes a policy; left-out fields keep their value. Turning <c>encrypt</c> on makes a key, shown once.</summary>
    public static async Task<Results<Ok<PolicyDto>, ProblemHttpResult>> UpdatePolicyAsync(Guid id, PolicyRequest request,
        BackupPolicies policies, HttpContext context, CancellationToken ct)
    {
        if (await policies.FindAsync(id, ct) is not { } current)
        {
            return ProblemResults.NotFound("backup policy");
        }

        var (input, error) = request.ToChange(current);
        if (input is null)
        {
            return Invalid(error!);
        }

        var outcome = await policies.SaveAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(PolicyDto.From(outcome.Value!.Policy with { LastRun = current.LastRun }, outcome.Value.PrivateKey))
            : ProblemResults.From(outcome);
    }

    /// <summary>Removes the policy and its schedule; the backups it stored stay at the destination.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePolicyAsync(Guid id, BackupPolicies policies,
        HttpContext context, CancellationToken ct) =>
        NoContent(await policies.DeleteAsync(id, PanelActor.From(context.User, context), ct));

    private static async Task<Results<Created<PolicyDto>, ProblemHttpResult>> CreateAsync((PolicyInput? Input, string? Error) request,
        BackupPolicies policies, HttpContext context, CancellationToken ct)
    {
        if (request.Input is null)
        {
            return Invalid(request.Error!);
        }

        var outcome = await policies.SaveAsync(null, request.Input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/backup-policies/{outcome.Value!.Policy.Id}",
                PolicyDto.From(outcome.Value.Policy, outcome.Value.PrivateKey))
            : ProblemResults.From(outcome);
    }

    private static async Task<DestinationView?> FindDestinationAsync(Guid id, BackupDestinations destinations, CancellationToken ct) =>
        (await destinations.ListAsync(ct)).FirstOrDefault(d => d.Id == id);

    private static Results<NoContent, ProblemHttpResult> NoContent(Outcome<bool> outcome) =>
        outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);

    internal static ProblemHttpResult Invalid(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
