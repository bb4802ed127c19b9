using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>
/// Frees the disk of what the panel itself created and no longer needs: deployment images outside the rollback
/// window, old build cache, old deployment logs, static releases past retention and leftovers of interrupted
/// work. A dry run removes nothing and reports what would go. One cleanup runs at a time.
/// </summary>
public sealed partial class DiskCleanup(
    IPanelDbContext db,
    EngineImages engine,
    IImageBuilds images,
    BuildCachePruning buildCache,
    CleanupFiles files,
    ReleaseCleanup releases,
    CleanupGate gate,
    NodeImageCleanup nodeImages,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<CleanupOptions> options,
    IOptions<DeploymentOptions> deploymentOptions,
    ILogger<DiskCleanup> logger)
{
    public const string AuditAction = "disk.cleanup";

    public Task<CleanupReport> RunAsync(bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(dryRun, Actor.System, cancellationToken);

    public async Task<CleanupReport> RunAsync(bool dryRun, Actor actor, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var started = clock.GetUtcNow();
        var errors = new List<string>();
        var deployments = await DeploymentsAsync(cancellationToken);
        var report = await StepAsync("Images", () => CleanImagesAsync(deployments, dryRun, cancellationToken), errors, cancellationToken,
            new CleanupReport());
        var nodes = await StepAsync("Images on other nodes", () => CleanNodesAsync(deployments, dryRun, cancellationToken), errors,
            cancellationToken, (IReadOnlyList<NodeCleanupReport>)[]);
        errors.AddRange(nodes.Select(n => n.Error).OfType<string>());
        report = report with { Nodes = nodes, BuildCacheBytes = await CleanBuildCacheAsync(dryRun, started, errors, cancellationToken) };
        var logs = await StepAsync("Deployment logs", () => Task.FromResult(files.RemoveLogs(deployments, options.Value, dryRun)), errors,
            cancellationToken);
        var leftovers = await StepAsync("Leftovers", () => Task.FromResult(
            files.RemoveLeftovers(deployments.Where(d => d.IsActive).Select(d => d.Id).ToHashSet(), dryRun)), errors, cancellationToken);
        var released = await StepAsync("Static releases", () => releases.RunAsync(dryRun, cancellationToken), errors, cancellationToken);
        report = report with
        {
            DryRun = dryRun,
            StartedAt = started,
            FinishedAt = clock.GetUtcNow(),
            LogsRemoved = logs.Count,
            LogBytes = logs.Bytes,
            ReleasesRemoved = released.Count,
            ReleaseBytes = released.Bytes,
            LeftoversRemoved = leftovers.Count,
            LeftoverBytes = leftovers.Bytes,
            Errors = errors,
        };

        if (!dryRun)
        {
            var details = $"{report.ImagesRemoved.Count + report.Nodes.Sum(n => n.ImagesRemoved.Count)} images, {report.LogsRemoved} logs, {report.ReleasesRemoved} releases, " +
                $"{report.LeftoversRemoved} leftovers; {report.TotalBytes} bytes freed";
            await audit.RecordAsync(actor, AuditAction, "disk", details, errors.Count == 0, CancellationToken.None);
            LogCleaned(report.ImagesRemoved.Count, report.LogsRemoved, report.ReleasesRemoved, report.TotalBytes, errors.Count);
        }

        return report;
    }

    /// <summary>The last real cleanup, from the audit trail; null when none ran yet.</summary>
    public Task<CleanupRun?> LastRunAsync(CancellationToken cancellationToken) =>
        db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditAction).OrderByDescending(e => e.At)
            .Select(e => new CleanupRun(e.At, e.Actor, e.Details, e.Succeeded)).FirstOrDefaultAsync(cancellationToken);

    private Task<List<DeploymentFacts>> DeploymentsAsync(CancellationToken cancellationToken) =>
        db.Deployments.AsNoTracking()
            .Select(d => new DeploymentFacts(d.Id, d.ServiceId, d.Status, d.ImageTag, d.CreatedAt, d.FinishedAt))
            .ToListAsync(cancellationToken);

    private async Task<CleanupReport> CleanImagesAsync(IReadOnlyList<DeploymentFacts> deployments, bool dryRun, CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.LiveDeploymentId, cancellationToken);
        var keep = deploymentOptions.Value.KeepImages;
        var before = await engine.ReadAsync(cancellationToken);
        var first = ImageRetention.Select(before.Tags, deployments, services, keep, new HashSet<string>());
        var selection = ImageRetention.Select(before.Tags, deployments, services, keep, before.InUse(first.Remove));
        if (dryRun)
        {
            return new CleanupReport
            {
                ImagesRemoved = selection.Remove, ImageBytes = before.BytesFreedBy(selection.Remove), ImagesKept = selection.Keep,
            };
        }

        // A deployment queued since the selection (a rollback, say) keeps its image.
        var deploying = (await DeploymentsAsync(cancellationToken)).Where(d => d.IsActive).Select(d => d.Tag).ToHashSet();
        foreach (var tag in selection.Remove.Where(t => !deploying.Contains(t)))
        {
            await images.RemoveAsync(tag, cancellationToken);
        }

        var after = await engine.ReadAsync(cancellationToken);
        var removed = selection.Remove.Where(t => !after.Contains(t)).ToList();
        var stayed = selection.Remove.Where(after.Contains)
            .Select(t => new KeptImage(t, deploying.Contains(t) ? KeepReasons.Deploying : KeepReasons.InUse));
        return new CleanupReport
        {
            ImagesRemoved = removed, ImageBytes = before.BytesFreedBy(removed), ImagesKept = [.. selection.Keep, .. stayed],
        };
    }

    /// <summary>The same retention on the swarm's other nodes, through a job on each (decision 065).</summary>
    private async Task<IReadOnlyList<NodeCleanupReport>> CleanNodesAsync(IReadOnlyList<DeploymentFacts> deployments, bool dryRun,
        CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.LiveDeploymentId, cancellationToken);
        var selection = ImageRetention.Select(deployments.Select(d => d.Tag), deployments, services, deploymentOptions.Value.KeepImages,
            new HashSet<string>());
        return await nodeImages.RunAsync(selection, services.Keys, dryRun, cancellationToken);
    }

    private Task<long?> CleanBuildCacheAsync(bool dryRun, DateTimeOffset now, List<string> errors, CancellationToken cancellationToken) =>
        StepAsync<long?>("Build cache", async () => dryRun
            ? await buildCache.EstimateAsync(options.Value.BuildCacheHours, now, cancellationToken)
            : await buildCache.PruneAsync(options.Value.BuildCacheHours, cancellationToken), errors, cancellationToken, null);

    /// <summary>Runs one kind of cleanup; a failure is reported and the others still run.</summary>
    private async Task<T> StepAsync<T>(string what, Func<Task<T>> step, List<string> errors, CancellationToken cancellationToken,
        T fallback = default!)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStepFailed(e, what);
            errors.Add($"{what}: not cleaned ({e.Message})");
            return fallback;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Disk cleanup: {Images} images, {Logs} logs, {Releases} releases removed, {Bytes} bytes freed, {Errors} errors")]
    private partial void LogCleaned(int images, int logs, int releases, long bytes, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk cleanup: the {Step} step failed")]
    private partial void LogStepFailed(Exception exception, string step);
}

/// <summary>A past cleanup as the audit trail recorded it.</summary>
public sealed record CleanupRun(DateTimeOffset At, string Actor, string? Details, bool Succeeded);

/// <summary>Lets one cleanup run at a time in this process.</summary>
public sealed class CleanupGate
{
    private readonly SemaphoreSlim semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await semaphore.WaitAsync(cancellationToken);
        return new Turn(semaphore);
    }

    private sealed class Turn(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
