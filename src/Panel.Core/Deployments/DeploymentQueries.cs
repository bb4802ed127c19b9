using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>One row of the deployments list: a deployment with the names of its service and project.</summary>
public sealed record DeploymentListItem(
    Guid Id,
    Guid ServiceId,
    string ServiceName,
    string ProjectName,
    DeploymentStatus Status,
    DeploymentTrigger Trigger,
    string? TriggeredBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);

public sealed class DeploymentQueries(IPanelDbContext db)
{
    public const int MaxTake = 500;

    /// <summary>The most recent deployments of every service, newest first.</summary>
    public async Task<IReadOnlyList<DeploymentListItem>> ListRecentAsync(int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxTake);

        return await (
                from d in db.Deployments.AsNoTracking()
                join s in db.Services on d.ServiceId equals s.Id
                join p in db.Projects on s.ProjectId equals p.Id
                orderby d.CreatedAt descending, d.Id descending
                select new DeploymentListItem(d.Id, d.ServiceId, s.Name, p.Name, d.Status, d.Trigger, d.TriggeredBy,
                    d.CreatedAt, d.StartedAt, d.FinishedAt, d.Error))
            .Take(take)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>One deployment as the history and the deployment page show it.</summary>
public sealed record DeploymentDetail(
    Guid Id,
    Guid ServiceId,
    string ServiceName,
    Guid ProjectId,
    string ProjectName,
    DeploymentStatus Status,
    DeploymentTrigger Trigger,
    string? TriggeredBy,
    string? Step,
    string? CommitHash,
    string? CommitMessage,
    Guid? RollbackOfId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    bool IsLive)
{
    public TimeSpan? Duration => StartedAt is { } start ? (FinishedAt ?? DateTimeOffset.UtcNow) - start : null;

    public bool IsActive => Status is DeploymentStatus.Queued or DeploymentStatus.Running;

    /// <summary>See <see cref="Deployment.Warning"/>.</summary>
    public string? Warning { get; init; }
}

/// <summary>Deployment history of one service, one deployment, and its log file.</summary>
public sealed class DeploymentHistory(IPanelDbContext db, DataDirectory data)
{
    public async Task<IReadOnlyList<DeploymentDetail>> ListAsync(Guid serviceId, int take, CancellationToken cancellationToken)
    {
        var rows = await Details(db.Deployments.AsNoTracking().Where(d => d.ServiceId == serviceId)
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                .Take(Math.Clamp(take, 1, DeploymentQueries.MaxTake)))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)];
    }

    public Task<DeploymentDetail?> FindAsync(Guid deploymentId, CancellationToken cancellationToken) =>
        Details(db.Deployments.AsNoTracking().Where(d => d.Id == deploymentId)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The log as written so far (masked when written), at most its last <paramref name="maxBytes"/>
    /// (<see cref="DeploymentLogTail"/>), or null when there is none.
    /// </summary>
    public Task<string?> ReadLogAsync(Guid deploymentId, int maxBytes, CancellationToken cancellationToken) =>
        DeploymentLogTail.ReadAsync(data.DeploymentLog(deploymentId), maxBytes, cancellationToken);

    private IQueryable<DeploymentDetail> Details(IQueryable<Deployment> deployments) =>
        from d in deployments
        join s in db.Services on d.ServiceId equals s.Id
        join p in db.Projects on s.ProjectId equals p.Id
        select new DeploymentDetail(d.Id, d.ServiceId, s.Name, p.Id, p.Name, d.Status, d.Trigger, d.TriggeredBy, d.Step,
            d.CommitHash, d.CommitMessage, d.RollbackOfId, d.CreatedAt, d.StartedAt, d.FinishedAt, d.Error,
            s.LiveDeploymentId == d.Id) { Warning = d.Warning };
}
