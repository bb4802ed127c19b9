using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Backups run now, their history, test restores and restores. What is cheap to check (the backup exists and is stored,
/// the key fits, the confirmation) is answered at once; the work itself is followed at the address of the 202:
/// <c>/api/backups/{id}</c> for a backup, <c>/api/restores/{id}</c> for a restore.
/// </summary>
public static class BackupRunsApi
{
    private const string NotStored = "This backup is not stored (it failed, or retention deleted it).";

    /// <summary>"Back up now" with this policy: 202 with the queued backup's id, followed at <c>/api/backups/{id}</c>.</summary>
    public static async Task<Results<Accepted<StartedDto>, ProblemHttpResult>> RunNowAsync(Guid id, BackupPolicies policies,
        HttpContext context, CancellationToken ct) =>
        Started(await policies.BackUpNowAsync(id, PanelActor.From(context.User, context), ct));

    /// <summary>"Back up now" with the database's policy (its first, when it has several); 409 when it has none.</summary>
    public static async Task<Results<Accepted<StartedDto>, ProblemHttpResult>> BackUpDatabaseAsync(Guid id, DatabaseCatalog catalog,
        BackupPolicies policies, HttpContext context, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } database)
        {
            return ProblemResults.NotFound("database");
        }

        if ((await policies.ListAsync(id, ct)).OrderBy(p => p.Id).FirstOrDefault() is not { } policy)
        {
            return TypedResults.Problem(
                $"The database {database.Name} has no backup policy: set up a backup policy first (POST /api/databases/{id}/backup-policies).",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        return Started(await policies.BackUpNowAsync(policy.Id, PanelActor.From(context.User, context), ct));
    }

    /// <summary>A policy's backups, newest first.</summary>
    public static async Task<Results<Ok<List<BackupDto>>, ProblemHttpResult>> ListPolicyBackupsAsync(Guid id, int? limit,
        BackupPolicies policies, BackupActivity activity, CancellationToken ct)
    {
        if (await policies.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("backup policy");
        }

        var runs = await policies.RunsAsync(id, Limit(limit), ct);
        return TypedResults.Ok(runs.Select(r => BackupDto.From(r, activity.Of(r.Id))).ToList());
    }

    /// <summary>The database's backups, of all its policies, newest first.</summary>
    public static async Task<Results<Ok<List<BackupDto>>, ProblemHttpResult>> ListDatabaseBackupsAsync(Guid id, int? limit,
        DatabaseCatalog catalog, IPanelDbContext db, BackupActivity activity, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("database");
        }

        var runs = await db.BackupRuns.AsNoTracking().Where(r => r.Policy!.ServiceId == id).OrderByDescending(r => r.StartedAt)
            .Take(Limit(limit)).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(r => BackupDto.From(BackupRunView.Of(r), activity.Of(r.Id))).ToList());
    }

    /// <summary>One backup, with its live progress while it is written, test-restored or restored.</summary>
    public static async Task<Results<Ok<BackupDto>, ProblemHttpResult>> GetBackupAsync(Guid id, BackupPolicies policies,
        BackupActivity activity, CancellationToken ct) =>
        await policies.RunAsync(id, ct) is { } run
            ? TypedResults.Ok(BackupDto.From(run, activity.Of(id)))
            : ProblemResults.NotFound("backup");

    /// <summary>
    /// A test restore: queued without a key; with the key of an encrypted backup, run in the panel (the key is never
    /// stored) and followed at <c>/api/restores/{workId}</c>. The backup's <c>verification</c> shows the result either way.
    /// </summary>
    public static async Task<Results<Accepted<VerifyStartedDto>, ProblemHttpResult>> VerifyAsync(Guid id, VerifyRequest? request,
        BackupPolicies policies, IBackupQueue queue, BackupWork work, CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(request?.PrivateKey) ? null : request.PrivateKey.Trim();
        if (await policies.RunAsync(id, ct) is not { } run)
        {
            return ProblemResults.NotFound("backup");
        }

        if (run is not { Status: BackupStatus.Succeeded, DeletedAt: null })
        {
            return TypedResults.Problem(NotStored, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (key is null || run.EncryptionKeyId is null)
        {
            queue.EnqueueVerify(id);
            return TypedResults.Accepted($"/api/backups/{id}", new VerifyStartedDto(id, null));
        }

        if (KeyError(run, key) is { } keyError)
        {
            return BackupsApi.Invalid(keyError);
        }

        var workId = work.Start($"test restore of backup {id}", async (services, token) =>
        {
            await services.GetRequiredService<BackupVerifier>().VerifyAsync(id, key, token);
            var verified = await services.GetRequiredService<BackupPolicies>().RunAsync(id, token);
            var detail = verified?.VerificationDetail ?? "The test restore ended without a result.";
            return verified?.Verification == VerificationStatus.Verified
                ? Outcome<RestoreResult>.Ok(new RestoreResult(null, null, detail))
                : Outcome<RestoreResult>.Conflict(detail);
        });
        return TypedResults.Accepted($"/api/restores/{workId}", new VerifyStartedDto(id, workId));
    }

    /// <summary>
    /// A restore into a new database (or volume), or in place after the typed confirmation: 202 with the restore's id,
    /// followed at <c>/api/restores/{id}</c>.
    /// </summary>
    public static async Task<Results<Accepted<StartedDto>, ProblemHttpResult>> RestoreAsync(Guid id, RestoreBody? body,
        BackupPolicies policies, IPanelDbContext db, BackupWork work, HttpContext context, CancellationToken ct)
    {
        body ??= new RestoreBody();
        if (await policies.RunAsync(id, ct) is not { } run)
        {
            return ProblemResults.NotFound("backup");
        }

        if (run is not { Status: BackupStatus.Succeeded, DeletedAt: null } || await policies.FindAsync(run.PolicyId, ct) is not { } policy)
        {
            return TypedResults.Problem(NotStored, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (body.IsInPlace is not { } inPlace)
        {
            return BackupsApi.Invalid($"\"{body.Target}\" is not a restore target; use \"{RestoreBody.New}\" (with name) or \"{RestoreBody.InPlace}\" (with confirm).");
        }

        if (RestoreError(policy, inPlace) is { } error)
        {
            return BackupsApi.Invalid(error);
        }

        if (inPlace && !await ConfirmsAsync(body.Confirm, policy.Id, db, ct))
        {
            var name = policy.SubjectName[(policy.SubjectName.LastIndexOf('/') + 1)..];
            return BackupsApi.Invalid($"Type {name} (or {policy.SubjectName}) in \"confirm\" to replace its data with this backup.");
        }

        if (KeyError(run, body.Key) is { } keyError)
        {
            return BackupsApi.Invalid(keyError);
        }

        var request = new RestoreRequest(inPlace ? null : body.Name, inPlace, inPlace ? body.Confirm : null, body.Key);
        var actor = PanelActor.From(context.User, context);
        var what = inPlace ? $"restore of {policy.SubjectName} in place" : $"restore of {policy.SubjectName} into a new one";
        var workId = work.Start(what, (services, token) =>
            services.GetRequiredService<BackupRestorer>().RestoreAsync(id, request, actor, token));
        return TypedResults.Accepted($"/api/restores/{workId}", new StartedDto(workId));
    }

    /// <summary>A restore or keyed test restore: running, succeeded with its result, or failed with the reason.</summary>
    public static Results<Ok<RestoreDto>, ProblemHttpResult> GetRestore(Guid id, BackupWork work) =>
        work.Find(id) is { } status
            ? TypedResults.Ok(RestoreDto.From(status))
            : TypedResults.Problem("No restore or test restore has this id (the panel keeps them for a day, and forgets them when it restarts).",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>Backups, test restores and restores in progress now.</summary>
    public static Ok<List<BackupProgressDto>> Activity(BackupActivity activity) =>
        TypedResults.Ok(activity.Current.Select(BackupProgressDto.From).ToList());

    private static Results<Accepted<StartedDto>, ProblemHttpResult> Started(Outcome<BackupRunView> outcome) =>
        outcome.Succeeded
            ? TypedResults.Accepted($"/api/backups/{outcome.Value!.Id}", new StartedDto(outcome.Value.Id))
            : ProblemResults.From(outcome);

    private static int Limit(int? limit) => Math.Clamp(limit ?? 50, 1, 500);

    /// <summary>What makes the restore impossible before it starts, in the words the restore itself would use.</summary>
    private static string? RestoreError(PolicyView policy, bool inPlace) =>
        policy.Target switch
        {
            BackupTarget.Panel => "The panel's own backup is restored with `dropit restore` while the panel is stopped: download it first.",
            BackupTarget.Volume when inPlace => "A volume is restored into a new volume; mount it in place of the old one to switch.",
            _ => null,
        };

    /// <summary>The restorer's own check of an in-place restore's confirmation (the database's name, or "project/name"), answered before it starts.</summary>
    private static async Task<bool> ConfirmsAsync(string? confirm, Guid policyId, IPanelDbContext db, CancellationToken ct) =>
        await db.BackupPolicies.AsNoTracking().Include(p => p.Service).FirstOrDefaultAsync(p => p.Id == policyId, ct) is { } policy
        && BackupRestorer.Confirms(confirm, policy);

    /// <summary>Whether the key opens this backup: it needs one when encrypted, and the one it was made with.</summary>
    private static string? KeyError(BackupRunView run, string? privateKey)
    {
        if (run.EncryptionKeyId is null)
        {
            return null;
        }

        if (privateKey is null)
        {
            return $"This backup is encrypted with key {run.EncryptionKeyId}: give that key (privateKey).";
        }

        try
        {
            var keyId = BackupEncryption.KeyIdOf(privateKey);
            return keyId == run.EncryptionKeyId ? null : $"This backup is encrypted with key {run.EncryptionKeyId}, not with the key given ({keyId}).";
        }
        catch (BackupKeyException e)
        {
            return e.Message;
        }
    }
}
