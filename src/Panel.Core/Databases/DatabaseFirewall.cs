using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Databases;

/// <summary>Makes the firewall match the databases' external ports and allow lists, from the panel's database.</summary>
public sealed class DatabaseFirewall(IPanelDbContext db, IPortFirewall firewall)
{
    public bool Enabled => firewall.Enabled;

    /// <summary>
    /// Applies the rules of every database, with <paramref name="pending"/> (a database about to be deployed) in place of
    /// what is stored for it; before a port is published, so it is never open to all for a moment.
    /// </summary>
    public async Task ReconcileAsync(Service? pending, CancellationToken cancellationToken) =>
        await ApplyAsync(pending, onlyWithPorts: false, cancellationToken);

    /// <summary>At start-up: puts the rules back (Docker recreates its chain empty when it restarts); nothing to do without external ports.</summary>
    public Task RestoreAsync(CancellationToken cancellationToken) => ApplyAsync(null, onlyWithPorts: true, cancellationToken);

    private async Task ApplyAsync(Service? pending, bool onlyWithPorts, CancellationToken cancellationToken)
    {
        if (!firewall.Enabled)
        {
            return;
        }

        var databases = await db.Services.AsNoTracking().Where(s => s.Kind == ServiceKind.Database).ToListAsync(cancellationToken);
        var rules = databases
            .Select(s => s.Id == pending?.Id ? pending : s)
            .Append(pending)
            .OfType<Service>()
            .DistinctBy(s => s.Id)
            .Where(s => s.Database?.ExternalPort is not null)
            .Select(s => new PortRule(s.Database!.ExternalPort!.Value, s.Database.AllowedSources))
            .ToList();
        if (rules.Count > 0 || !onlyWithPorts)
        {
            await firewall.ApplyAsync(rules, cancellationToken);
        }
    }
}
