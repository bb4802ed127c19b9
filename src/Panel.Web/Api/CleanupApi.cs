using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>The disk cleanup on demand: a dry run reports what would go, a real run what went.</summary>
public static class CleanupApi
{
    public static RouteGroupBuilder MapCleanupApi(this RouteGroupBuilder api)
    {
        api.MapPost("/cleanup", RunAsync).WithTags("Disk cleanup").WithName("RunDiskCleanup");
        return api;
    }

    /// <summary>POST /api/cleanup?dryRun=true|false (default false).</summary>
    public static async Task<Ok<CleanupReport>> RunAsync(DiskCleanup cleanup, HttpContext context, CancellationToken ct,
        bool dryRun = false) =>
        TypedResults.Ok(await cleanup.RunAsync(dryRun, PanelActor.From(context.User, context), ct));
}
