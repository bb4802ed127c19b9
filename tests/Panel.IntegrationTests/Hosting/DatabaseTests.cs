using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Hosting;

public sealed class DatabaseTests
{
    [Fact]
    public async Task StartUp_EmptyDatabase_AppliesEveryMigrationAndMatchesTheModel()
    {
        await using var panel = new PanelFactory();
        _ = panel.Server;

        var (applied, all, pendingChanges, settingsRows) = await panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            return ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList(),
                db.Database.HasPendingModelChanges(), await db.PanelSettings.CountAsync());
        });

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.False(pendingChanges, "The model has changes no migration captures: add a migration.");
        Assert.Equal(1, settingsRows);
    }
}
