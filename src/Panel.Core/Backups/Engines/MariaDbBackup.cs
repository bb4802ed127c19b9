using System.Globalization;
using System.Text;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>
/// MariaDB and MySQL: <c>mariadb-dump --single-transaction --quick</c> (<c>mysqldump</c> for MySQL) of the database's
/// tables, routines and triggers, as root through the service's own secret file. Row counts are taken in a consistent
/// snapshot just before the dump; a test restore imports it into a throwaway server of the same image.
/// </summary>
public sealed class MariaDbBackup(ContainerCommands commands, ScratchServers servers) : IBackupEngine
{
    private const string RootPassword = "if [ -r /run/secrets/db-root-password ]; then MYSQL_PWD=\"$(cat /run/secrets/db-root-password)\"; export MYSQL_PWD; fi; ";

    public string Extension => ".sql";

    public async Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken)
    {
        var settings = source.Database;
        var counts = await CountRowsAsync(source.ContainerId!, settings, RootPassword, cancellationToken);
        await commands.RunAsync(source.ContainerId!, Tool(settings, "dump"),
            ["sh", "-c", RootPassword + "exec " + Tool(settings, "dump") +
                " -u root --single-transaction --quick --routines --triggers --hex-blob --default-character-set=utf8mb4 \"$1\"",
                "sh", settings.DatabaseName!], null, output, cancellationToken);
        return counts;
    }

    public async Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump,
        CancellationToken cancellationToken)
    {
        var settings = source.Database;
        var prefix = settings.Engine == DatabaseEngine.MySql ? "MYSQL" : "MARIADB";
        await using var server = await servers.StartAsync(new ScratchContainer(settings.Image,
                [$"{prefix}_ALLOW_EMPTY_ROOT_PASSWORD=1", "MYSQL_ALLOW_EMPTY_PASSWORD=1", $"{prefix}_DATABASE={settings.DatabaseName}"],
                null, null, [], "verify"),
            ["sh", "-c", Tool(settings, "admin") + " ping -h 127.0.0.1 --silent"], cancellationToken);
        await ImportAsync(server.Id, settings, "", dump, cancellationToken);
        var restored = await CountRowsAsync(server.Id, settings, "", cancellationToken);
        var differences = ContainerCommands.Differences(expected, restored);
        if (differences.Length > 0)
        {
            throw new BackupException($"The test restore differs from the database at backup time: {differences}.");
        }

        return $"The dump imported into a throwaway {settings.Image}; {restored.Count} table(s), {restored.Values.Sum()} row(s), " +
            "every count equal to the dump's.";
    }

    /// <summary>Imports the dump into the container's database, as root (through the secret file when it has one).</summary>
    public Task ImportAsync(string containerId, DatabaseSettings settings, Stream dump, CancellationToken cancellationToken) =>
        ImportAsync(containerId, settings, RootPassword, dump, cancellationToken);

    private Task ImportAsync(string containerId, DatabaseSettings settings, string password, Stream dump, CancellationToken cancellationToken) =>
        commands.RunAsync(containerId, "The import", ["sh", "-c", password + "exec " + Tool(settings, "client") +
            " -u root --default-character-set=utf8mb4 \"$1\"", "sh", settings.DatabaseName!], dump, null, cancellationToken);

    /// <summary>Exact row counts of every base table of the service's database, as root through its secret file.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountRowsAsync(string containerId, DatabaseSettings settings, CancellationToken cancellationToken) =>
        CountRowsAsync(containerId, settings, RootPassword, cancellationToken);

    /// <summary>Exact row counts of every base table, in one consistent snapshot.</summary>
    private async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(string containerId, DatabaseSettings settings, string password,
        CancellationToken cancellationToken)
    {
        var client = password + Tool(settings, "client") + " -u root -N -B " + Shell.Quote(settings.DatabaseName!);
        var tables = (await commands.ShellAsync(containerId, "Listing tables", client, cancellationToken,
                Input("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1;")))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tables.Length == 0)
        {
            return new Dictionary<string, long>();
        }

        var query = "START TRANSACTION WITH CONSISTENT SNAPSHOT;\n" + string.Join("\nUNION ALL ",
            tables.Select(t => $"SELECT '{t.Replace("'", "''", StringComparison.Ordinal)}', COUNT(*) FROM `{t.Replace("`", "``", StringComparison.Ordinal)}`")) +
            ";\nCOMMIT;";
        var printed = await commands.ShellAsync(containerId, "Counting rows", client, cancellationToken, Input(query));
        return printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static MemoryStream Input(string sql) => new(Encoding.UTF8.GetBytes(sql + "\n"));

    private static string Tool(DatabaseSettings settings, string tool) => (settings.Engine, tool) switch
    {
        (DatabaseEngine.MySql, "dump") => "mysqldump",
        (DatabaseEngine.MySql, "admin") => "mysqladmin",
        (DatabaseEngine.MySql, _) => "mysql",
        (_, "dump") => "mariadb-dump",
        (_, "admin") => "mariadb-admin",
        _ => "mariadb",
    };
}
