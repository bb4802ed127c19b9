using DropIt.Panel.TestSupport;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>What a database holds, read straight from it: its tables (panel schema) and their row counts.</summary>
internal static class DatabaseRows
{
    /// <summary>"Table rows" for every table of the public schema but the migrations history; empty when there is no table or no database.</summary>
    public static async Task<List<string>> CountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString(database)) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return [];
        }

        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new List<string>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts.Add($"{table} {await count.ExecuteScalarAsync()}");
        }

        return counts;
    }

    /// <summary>Every schema object the panel could have left: tables of the public schema and the job system's schema.</summary>
    public static async Task<List<string>> TablesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString(database)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand(
            "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN ('public', 'hangfire') ORDER BY 1", connection);
        await using var reader = await list.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
