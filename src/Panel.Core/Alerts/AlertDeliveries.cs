using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Alerts;

/// <summary>A delivery attempt as the page and the API list it.</summary>
public sealed record AlertDeliveryView(Guid Id, Guid MessageId, Guid ChannelId, string ChannelName, string Event, string Type,
    string? Service, string? Project, string Title, int Count, int Attempt, string Status, DateTimeOffset DueAt,
    DateTimeOffset? FinishedAt, string? Answer, string? Error);

/// <summary>Recent delivery attempts, newest first.</summary>
public sealed class AlertDeliveries(IPanelDbContext db)
{
    public const int MaxTake = 500;

    public async Task<IReadOnlyList<AlertDeliveryView>> ListAsync(Guid? channelId, int take, CancellationToken cancellationToken)
    {
        var query = db.AlertDeliveries.AsNoTracking().Include(d => d.Channel).AsQueryable();
        if (channelId is { } id)
        {
            query = query.Where(d => d.ChannelId == id);
        }

        var rows = await query.OrderByDescending(d => d.FinishedAt ?? d.DueAt).ThenByDescending(d => d.Attempt)
            .Take(Math.Clamp(take, 1, MaxTake)).ToListAsync(cancellationToken);
        return rows.Select(d => new AlertDeliveryView(d.Id, d.MessageId, d.ChannelId, d.Channel?.Name ?? "", d.EventKind,
            d.Type.ToString().ToLowerInvariant(), d.ServiceName, d.ProjectName, d.Title, d.Count, d.Attempt,
            d.Status.ToString().ToLowerInvariant(), d.DueAt, d.FinishedAt, d.Answer, d.Error)).ToList();
    }
}
