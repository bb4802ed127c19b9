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
            var term = $"%{EscapeLike(search.Trim().ToUpperInvariant())}%";
            query = query.Where(e => EF.Functions.Like(e.Action.ToUpper(), term, "\\")
                || EF.Functions.Like(e.Actor.ToUpper(), term, "\\")
                || (e.Target != null && EF.Functions.Like(e.Target.ToUpper(), term, "\\")));
        }

        var total = await query.CountAsync(cancellationToken);
        var events = await query.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditPage(events, total);
    }

    internal static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
