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
