using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// After rows were copied in with their own ids, each identity or serial column's sequence is moved past the
/// largest id, so the next row the panel adds (an audit event, a Data Protection key) does not collide.
/// </summary>
internal static class IdentitySequences
{
    private const string Query = """
        SELECT c.relname::text, a.attname::text, s.sequence
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        CROSS JOIN LATERAL (SELECT pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence) s
        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND s.sequence IS NOT NULL
        """;

    public static async Task<int> ResetAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var sequences = new List<(string Table, string Column, string Sequence)>();
        await using (var command = new NpgsqlCommand(Query, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sequences.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (table, column, sequence) in sequences)
        {
            var sql = $"SELECT setval($1::regclass, COALESCE((SELECT max({PanelTables.Quote(column)}) FROM {PanelTables.Quote(table)}), 0) + 1, false)";
            await using var reset = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = sequence } } };
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }

        return sequences.Count;
    }
}
