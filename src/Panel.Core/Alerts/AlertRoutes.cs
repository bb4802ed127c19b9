using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Alerts;

/// <summary>The routing table: for each event kind, the channels it goes to. A new channel gets every kind.</summary>
public sealed class AlertRoutes(IPanelDbContext db, AuditTrail audit)
{
    public const string RoutesSaved = "alert-routes.saved";

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Guid>>> GetAsync(CancellationToken cancellationToken)
    {
        var routes = await db.AlertRoutes.AsNoTracking().ToListAsync(cancellationToken);
        return AlertEventKinds.All.ToDictionary(k => k.Kind,
            k => (IReadOnlyList<Guid>)routes.Where(r => r.EventKind == k.Kind).Select(r => r.ChannelId).Order().ToList());
    }

    /// <summary>Replaces the channels of each kind given; kinds left out keep theirs.</summary>
    public async Task<Outcome<IReadOnlyDictionary<string, IReadOnlyList<Guid>>>> PutAsync(
        IReadOnlyDictionary<string, List<Guid>> table, Actor actor, CancellationToken cancellationToken)
    {
        var channels = await db.AlertChannels.Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var (kind, ids) in table)
        {
            if (!AlertEventKinds.IsKnown(kind))
            {
                return Outcome<IReadOnlyDictionary<string, IReadOnlyList<Guid>>>.Invalid(
                    $"The event '{kind}' is unknown; events are {string.Join(", ", AlertEventKinds.All.Select(k => k.Kind))}.");
            }

            if (ids.FirstOrDefault(id => !channels.Contains(id)) is var missing && missing != Guid.Empty)
            {
                return Outcome<IReadOnlyDictionary<string, IReadOnlyList<Guid>>>.Invalid(
                    $"No alert channel has the id {missing} (in '{kind}'); list them at GET /api/alert-channels.");
            }
        }

        var kinds = table.Keys.ToList();
        db.AlertRoutes.RemoveRange(await db.AlertRoutes.Where(r => kinds.Contains(r.EventKind)).ToListAsync(cancellationToken));
        db.AlertRoutes.AddRange(table.SelectMany(p => p.Value.Distinct().Select(id => new AlertRoute { EventKind = p.Key, ChannelId = id })));
        audit.Add(actor, RoutesSaved, null, string.Join(", ", kinds));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IReadOnlyDictionary<string, IReadOnlyList<Guid>>>.Ok(await GetAsync(cancellationToken));
    }
}
