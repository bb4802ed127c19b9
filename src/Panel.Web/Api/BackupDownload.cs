using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// <c>GET /api/backups/{id}/download</c>: the stored object as it is (compressed, and encrypted when it was),
/// streamed from the destination without being held in memory. Each download is in the audit trail.
/// </summary>
public static class BackupDownload
{
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, IPanelDbContext db,
        IBackupStoreFactory stores, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        var run = await db.BackupRuns.AsNoTracking().Include(r => r.Policy).ThenInclude(p => p!.Destination)
            .FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return ProblemResults.NotFound("backup");
        }

        if (run is not { Status: BackupStatus.Succeeded, DeletedAt: null } || run.Policy?.Destination is not { } destination)
        {
            var why = run.Status != BackupStatus.Succeeded ? "it failed" : run.DeletedAt is not null ? "retention deleted it" : "its policy is gone";
            return TypedResults.Problem($"This backup cannot be downloaded: it is not stored ({why}).",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var store = stores.Open(destination);
        context.Response.RegisterForDispose(store);
        Stream content;
        try
        {
            content = await store.OpenReadAsync(run.ObjectKey, ct);
        }
        catch (BackupStoreException e)
        {
            return TypedResults.Problem($"The destination \"{destination.Name}\" could not give the backup back: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway, title: "Storage error");
        }

        context.Response.RegisterForDisposeAsync(content);
        await audit.RecordAsync(PanelActor.From(context.User, context), AuditActions.BackupDownloaded, run.Policy.SubjectName,
            run.ObjectKey, cancellationToken: ct);
        context.Response.ContentLength = run.SizeBytes;
        return TypedResults.Stream(content, "application/octet-stream", FileName(run.ObjectKey));
    }

    /// <summary>The last segment of the object's key ("shop-main-20261201-030000.dump.zst").</summary>
    private static string FileName(string objectKey) => objectKey.TrimEnd('/').Split('/')[^1];
}
