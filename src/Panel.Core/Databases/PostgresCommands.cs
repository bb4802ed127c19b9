using System.Text;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Databases;

/// <summary>SQL run inside a PostgreSQL container through <c>psql</c> on its local socket; statements travel on standard input.</summary>
public sealed class PostgresCommands(IContainerOperations containers)
{
    /// <summary>Counts the rows of every user table exactly: "schema.table" to count.</summary>
    private const string CountRows = """
        SELECT format('SELECT %L, count(*) FROM %I.%I', n.nspname || '.' || c.relname, n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1 \gexec
        """;

    /// <summary>With <paramref name="snapshot"/> (from <c>pg_export_snapshot()</c>), counts what that snapshot sees.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(string containerId, DatabaseSettings settings,
        CancellationToken cancellationToken, string? snapshot = null)
    {
        var sql = snapshot is null
            ? CountRows
            : $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}';\n{CountRows}\nCOMMIT;";
        var output = await RunAsync(containerId, settings, sql, cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Runs SQL (stopping at the first error) and returns what it printed, unaligned with '|' between fields.</summary>
    public async Task<string> RunAsync(string containerId, DatabaseSettings settings, string sql, CancellationToken cancellationToken)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(sql + "\n"));
        using var output = new MemoryStream();
        var result = await containers.ExecAsync(containerId,
            ["psql", "-X", "-q", "-t", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1", "-U", settings.Username!, "-d", settings.DatabaseName!],
            input, output, cancellationToken);
        if (!result.Succeeded)
        {
            throw new DatabaseStartException($"psql failed: {result.ErrorTail.Trim()}");
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
