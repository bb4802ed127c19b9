using System.Diagnostics;
using System.Globalization;

namespace DropIt.Panel.Bench.Backups;

/// <summary>What the database holds once filled: <c>pg_database_size</c>, <c>pg_table_size('t')</c> and the rows of <c>t</c>.</summary>
internal sealed record DatabaseSize(long DatabaseBytes, long TableBytes, long Rows);

/// <summary>
/// Fills a database with one table <c>t (id bigint, payload text)</c> of 128-character payloads (an md5 followed by
/// another md5 three times) until the table reaches the target size, by <c>docker exec</c> of psql in its container.
/// </summary>
internal static class SampleData
{
    private const long FirstBatchRows = 200_000;
    private const long MaxBatchRows = 1_000_000;

    public static async Task<DatabaseSize> FillAsync(string container, long targetBytes)
    {
        await PsqlAsync(container, "CREATE TABLE t (id bigint, payload text);");
        var clock = Stopwatch.StartNew();
        long rows = 0, table = 0;
        for (var batch = FirstBatchRows; table < targetBytes;)
        {
            await PsqlAsync(container, string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO t SELECT g, md5(g::text) || repeat(md5((g * 7)::text), 3) FROM generate_series({rows + 1}, {rows + batch}) g;"));
            rows += batch;
            table = long.Parse(await PsqlAsync(container, "SELECT pg_table_size('t');"), CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {rows:N0} rows, table {Mb(table):0} MB, {clock.Elapsed.TotalSeconds:0} s"));

            // The rest from the bytes per row so far (1 % more, so the last batch is not a few rows short), at most a million rows a statement.
            var perRow = (double)table / rows;
            batch = Math.Clamp((long)Math.Ceiling((targetBytes - table) / perRow * 1.01), 1_000, MaxBatchRows);
        }

        // Hint bits and the visibility map set once, and the dirty pages written, so neither dump pays for them.
        await PsqlAsync(container, "VACUUM (ANALYZE) t;");
        await PsqlAsync(container, "CHECKPOINT;");
        var database = long.Parse(await PsqlAsync(container, "SELECT pg_database_size(current_database());"), CultureInfo.InvariantCulture);
        table = long.Parse(await PsqlAsync(container, "SELECT pg_table_size('t');"), CultureInfo.InvariantCulture);
        return new DatabaseSize(database, table, rows);
    }

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>One statement as the database's own user, stopping at the first error; what it printed, unaligned.</summary>
    private static async Task<string> PsqlAsync(string container, string sql) =>
        (await Command.DockerAsync("exec", container, "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
            "-U", BackupSetup.DatabaseUser, "-d", BackupSetup.DatabaseName, "-c", sql)).Trim();
}
