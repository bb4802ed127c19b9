using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// A table's rows as PostgreSQL's binary COPY format, byte for byte (Npgsql's raw binary copy): no per-type
/// code, nothing decoded or re-encoded, and the explicit column list keeps the order the manifest records.
/// </summary>
internal static class TableCopy
{
    public static async Task ExportAsync(NpgsqlConnection connection, PanelTable table, Stream destination,
        CancellationToken cancellationToken)
    {
        var sql = $"COPY {PanelTables.Quote(table.Name)} ({PanelTables.ColumnList(table.Columns)}) TO STDOUT (FORMAT BINARY)";
        await using var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken);
        await copy.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Copies the rows in; when the source fails part way, the COPY is cancelled, never completed with part of the rows.</summary>
    public static async Task ImportAsync(NpgsqlConnection connection, TableManifest table, Stream source,
        CancellationToken cancellationToken)
    {
        var sql = $"COPY {PanelTables.Quote(table.Name)} ({PanelTables.ColumnList(table.Columns)}) FROM STDIN (FORMAT BINARY)";
        var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken);
        try
        {
            await source.CopyToAsync(copy, cancellationToken);
        }
        catch
        {
            await copy.CancelAsync();
            await copy.DisposeAsync();
            throw;
        }

        await copy.DisposeAsync();
    }
}
