using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Registry;

internal static class RegistryRow
{
    /// <summary>The one settings row, tracked; added (not saved yet) when there is none: None is the default.</summary>
    public static async Task<RegistrySettings> LoadAsync(IPanelDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.RegistrySettings.FirstOrDefaultAsync(r => r.Id == RegistrySettings.SingletonId, cancellationToken);
        if (row is null)
        {
            row = new RegistrySettings();
            db.RegistrySettings.Add(row);
        }

        return row;
    }

    public static Task<RegistrySettings?> ReadAsync(IPanelDbContext db, CancellationToken cancellationToken) =>
        db.RegistrySettings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == RegistrySettings.SingletonId, cancellationToken);
}
