using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>A table of the panel's schema: its columns in order (generated ones left out) and the tables it references.</summary>
internal sealed record PanelTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> References);

/// <summary>
/// The panel's tables as the database's catalog lists them: every table of the schema EF uses (entities, Identity,
/// Data Protection keys) but the migrations history, which the restore writes itself by migrating. Hangfire's
/// tables live in a schema of their own and are not among them.
/// </summary>
internal static class PanelTables
{
    public const string History = "__EFMigrationsHistory";

    private const string CatalogQuery = """
        SELECT c.relname::text,
               ARRAY(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                     ORDER BY a.attnum),
               ARRAY(SELECT DISTINCT r.relname::text FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
                     WHERE f.conrelid = c.oid AND f.contype = 'f' AND r.relnamespace = c.relnamespace AND r.oid <> c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> $1
        ORDER BY c.relname
        """;

    /// <summary>The tables in import order: a table comes after every table it references.</summary>
    public static async Task<IReadOnlyList<PanelTable>> ListAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CatalogQuery, connection) { Parameters = { new() { Value = History } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<PanelTable>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(new PanelTable(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<string[]>(2)));
        }

        return InImportOrder(tables);
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table)}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The migrations applied to the database, oldest first; empty when it has no panel schema.</summary>
    public static async Task<IReadOnlyList<string>> AppliedMigrationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection)
        {
            Parameters = { new() { Value = Quote(History) } },
        };
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return [];
        }

        await using var command = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {Quote(History)} ORDER BY \"MigrationId\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var migrations = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            migrations.Add(reader.GetString(0));
        }

        return migrations;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    private static List<PanelTable> InImportOrder(List<PanelTable> tables)
    {
        var names = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<PanelTable>(tables.Count);
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Where(t => !placed.Contains(t.Name) && t.References.All(r => placed.Contains(r) || !names.Contains(r))).ToList();
            if (ready.Count == 0)
            {
                var left = string.Join(", ", tables.Where(t => !placed.Contains(t.Name)).Select(t => t.Name));
                throw new BackupException($"The tables {left} reference each other in a cycle: they cannot be restored one after another.");
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready.Select(t => t.Name));
        }

        return ordered;
    }
}
