using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Jobs;

/// <summary>Deletes audit events older than <c>Panel:Audit:RetentionDays</c> (<see cref="AuditOptions"/>, default 365).</summary>
public sealed class AuditRetentionJob(IPanelDbContext db, IOptions<AuditOptions> options, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        var cutoff = clock.GetUtcNow().AddDays(-days);
        return await db.AuditEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
