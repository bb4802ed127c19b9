using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// The panel's EF migrations, run on the restore's own connection and inside its transaction: PostgreSQL's DDL is
/// transactional, so a restore that fails takes its schema changes back with its rows.
/// </summary>
internal sealed class PanelSchema : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly PanelDbContext db;

    private PanelSchema(NpgsqlConnection connection)
    {
        this.connection = connection;
        db = new PanelDbContext(new DbContextOptionsBuilder<PanelDbContext>()
            .UseNpgsql(connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.MigrationsUserTransactionWarning))
            .Options);
    }

    /// <summary>The migrations this panel knows, oldest first.</summary>
    public static IReadOnlyList<string> Known { get; } = ReadKnown();

    public static string Latest => Known[^1];

    public static async Task<PanelSchema> OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var schema = new PanelSchema(connection);
        await schema.db.Database.UseTransactionAsync(transaction, cancellationToken);
        return schema;
    }

    /// <summary>
    /// The applied migrations, from the catalog first: EF's own query fails on a database without a history
    /// table, and inside a transaction one failed statement aborts all that follow.
    /// </summary>
    public Task<IReadOnlyList<string>> AppliedAsync(CancellationToken cancellationToken) =>
        PanelTables.AppliedMigrationsAsync(connection, cancellationToken);

    /// <summary>Migrates up or down to <paramref name="target"/>, or to the latest migration when null.</summary>
    public async Task MigrateAsync(string? target, CancellationToken cancellationToken)
    {
        // The history table first (as the panel's start-up does): the migrator reads it before creating it, and
        // that failed read would abort the transaction.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.GetService<IMigrator>().MigrateAsync(target, cancellationToken);
    }

    public ValueTask DisposeAsync() => db.DisposeAsync();

    private static List<string> ReadKnown()
    {
        using var db = new PanelDbContext(new DbContextOptionsBuilder<PanelDbContext>().UseNpgsql().Options);
        return [.. db.Database.GetMigrations()];
    }
}
