using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Audit;

/// <summary>
/// Records what admins do. <see cref="Add"/> joins the caller's unit of work, so the change and its
/// audit event are saved together or not at all. Never pass a secret as target or details.
/// </summary>
public sealed class AuditTrail(IPanelDbContext db, TimeProvider clock)
{
    public void Add(Actor actor, string action, string? target, string? details = null, bool succeeded = true)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow(),
            Actor = actor.Name,
            ActorUserId = actor.UserId,
            Action = action,
            Target = Truncate(target, 256),
            Details = Truncate(details, 1024),
            IpAddress = actor.IpAddress,
            Succeeded = succeeded,
        });
    }

    public async Task RecordAsync(Actor actor, string action, string? target, string? details = null,
        bool succeeded = true, CancellationToken cancellationToken = default)
    {
        Add(actor, action, target, details, succeeded);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}
