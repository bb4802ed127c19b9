using System.Diagnostics;
using DropIt.Panel.Data.Embedded;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// The panel's database as a command (backup, restore) reaches it, chosen as the panel chooses it:
/// <c>ConnectionStrings:Panel</c> when set, else the embedded cluster under the data folder — started for the
/// command when it was not running (and stopped after), used as is when the panel runs on it.
/// </summary>
public sealed class CommandDatabase : IDisposable
{
    private readonly EmbeddedPostgres? startedHere;

    private CommandDatabase(string connectionString, EmbeddedPostgres? startedHere)
    {
        ConnectionString = connectionString;
        this.startedHere = startedHere;
    }

    public string ConnectionString { get; }

    /// <summary>Which database this is, for the operator: name and host, never a password.</summary>
    public string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"database \"{builder.Database}\" on {builder.Host}{(builder.Host?.StartsWith('/') == true ? "" : $":{builder.Port}")}";
        }
    }

    /// <param name="configuration">The panel's configuration (ConnectionStrings:Panel, Panel:Postgres:*).</param>
    /// <param name="dataPath">The data folder, where the embedded cluster lives.</param>
    /// <param name="create">Restore: create the database (and the embedded cluster) when missing. Backup: refuse.</param>
    public static CommandDatabase Open(IConfiguration configuration, string dataPath, bool create)
    {
        var configured = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (create)
            {
                DatabaseCreator.EnsureExists(configured);
            }

            return new CommandDatabase(configured, null);
        }

        var clusterPath = Path.Combine(dataPath, DataFolderRules.EmbeddedPostgresFolder);
        if (!create && !File.Exists(Path.Combine(clusterPath, "data", "PG_VERSION")))
        {
            throw new BackupException(
                $"ConnectionStrings:Panel is not set and there is no embedded database under {clusterPath}: there is nothing to back up. " +
                "Run the command with the panel's configuration (its ConnectionStrings:Panel and Panel:DataPath).");
        }

        var wasRunning = IsRunning(clusterPath);
        var cluster = EmbeddedPostgres.Start(clusterPath, configuration[PostgresBinaries.BinPathKey], configuration[EmbeddedPostgres.OsUserKey]);
        var connectionString = cluster.ConnectionString(DataServiceCollectionExtensions.EmbeddedDatabase);
        if (create)
        {
            DatabaseCreator.EnsureExists(connectionString);
        }

        return new CommandDatabase(connectionString, wasRunning ? null : cluster);
    }

    public void Dispose() => startedHere?.Stop();

    private static bool IsRunning(string clusterPath)
    {
        var pidFile = Path.Combine(clusterPath, "data", "postmaster.pid");
        try
        {
            using var process = Process.GetProcessById(int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture));
            return !process.HasExited;
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
