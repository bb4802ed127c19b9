using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Jobs;

/// <summary>Deletes audit events older than <c>Panel:Audit:RetentionDays</c> (default 365).</summary>
public sealed class AuditRetentionJob(IPanelDbContext db, IConfiguration configuration, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var days = configuration.GetValue("Panel:Audit:RetentionDays", 365);
        var cutoff = clock.GetUtcNow().AddDays(-days);
        return await db.AuditEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
