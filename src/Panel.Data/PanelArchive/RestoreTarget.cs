using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>Checks, before anything is changed, that an archive fits this panel and the database it goes into.</summary>
internal static class RestoreTarget
{
    /// <summary>Refuses, before the archive is read further, one from a newer panel: a newer format or an unknown migration.</summary>
    public static void EnsureReadable(BackupManifest manifest)
    {
        if (manifest.FormatVersion > ArchiveLayout.FormatVersion || manifest.FormatVersion < 1)
        {
            throw new BackupException(
                $"The archive is in format {manifest.FormatVersion} (written by panel {manifest.PanelVersion}); this panel reads " +
                $"format {ArchiveLayout.FormatVersion} and older. Restore it with panel {manifest.PanelVersion} or later. Nothing was restored.");
        }

        if (!PanelSchema.Known.Contains(manifest.Migration, StringComparer.Ordinal))
        {
            throw new BackupException(
                $"The archive's database is at migration {manifest.Migration} (panel {manifest.PanelVersion}), which this panel does " +
                $"not know (its latest is {PanelSchema.Latest}): the archive comes from a newer panel. Restore it with panel " +
                $"{manifest.PanelVersion} or later. Nothing was restored.");
        }
    }

    /// <summary>Refuses a database migrated by a newer panel, and one that holds panel rows unless they are to be replaced.</summary>
    public static async Task EnsureRestorableAsync(NpgsqlConnection connection, PanelSchema schema, bool replace,
        CancellationToken cancellationToken)
    {
        var unknown = (await schema.AppliedAsync(cancellationToken)).Except(PanelSchema.Known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new BackupException(
                $"The database \"{connection.Database}\" was migrated by a newer panel ({string.Join(", ", unknown)}). Restore into " +
                "an empty database, or with that newer panel. Nothing was restored.");
        }

        var filled = new List<string>();
        foreach (var table in await PanelTables.ListAsync(connection, cancellationToken))
        {
            if (await PanelTables.CountAsync(connection, table.Name, cancellationToken) is > 0 and var rows)
            {
                filled.Add($"{table.Name} {rows}");
            }
        }

        if (filled.Count > 0 && !replace)
        {
            throw new BackupException(
                $"The database \"{connection.Database}\" already holds panel data ({string.Join(", ", filled)} rows). Restore into an " +
                "empty database (create one and point ConnectionStrings:Panel at it), or add --force to replace everything in " +
                "this one with the archive's content. Nothing was restored.");
        }
    }

    /// <summary>Empties the panel's tables and drops the job system's schema (its jobs belong to the data being replaced; it is recreated at start).</summary>
    public static async Task ClearAsync(NpgsqlConnection connection, string jobsSchema, CancellationToken cancellationToken)
    {
        await EmptyTablesAsync(connection, cancellationToken);
        await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {PanelTables.Quote(jobsSchema)} CASCADE", cancellationToken);
    }

    /// <summary>Empties every panel table, rows seeded by migrations included: the archive holds them as they were.</summary>
    public static async Task EmptyTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = await PanelTables.ListAsync(connection, cancellationToken);
        if (tables.Count > 0)
        {
            await ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", tables.Select(t => PanelTables.Quote(t.Name)))} CASCADE", cancellationToken);
        }
    }

    /// <summary>The schema at the archive's migration must have the archive's tables and columns, or COPY would misplace values.</summary>
    public static async Task EnsureSchemaMatchesAsync(NpgsqlConnection connection, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var tables = (await PanelTables.ListAsync(connection, cancellationToken)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in manifest.Tables)
        {
            if (!tables.TryGetValue(table.Name, out var actual) || !actual.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(table.Columns))
            {
                throw new BackupException(
                    $"The archive's table {table.Name} does not match this panel's schema at migration {manifest.Migration}: the archive " +
                    "was not written by a panel build with these migrations. Nothing was restored.");
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
