using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, int Total);

public sealed class AuditQueries(IPanelDbContext db)
{
    public async Task<AuditPage> SearchAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = LikePattern.Contains(search);
            query = query.Where(e => EF.Functions.Like(e.Action.ToUpper(), term, LikePattern.Escape)
                || EF.Functions.Like(e.Actor.ToUpper(), term, LikePattern.Escape)
                || (e.Target != null && EF.Functions.Like(e.Target.ToUpper(), term, LikePattern.Escape)));
        }

        var total = await query.CountAsync(cancellationToken);
        var events = await query.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditPage(events, total);
    }
}
