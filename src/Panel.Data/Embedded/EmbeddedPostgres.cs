using DropIt.Panel.Core.Common;
using Npgsql;

namespace DropIt.Panel.Data.Embedded;

/// <summary>
/// A private PostgreSQL cluster under a folder of its own, reached only through a Unix socket in that
/// folder (no TCP port). PostgreSQL refuses to run as root, so as root it runs as another OS user.
/// </summary>
public sealed class EmbeddedPostgres
{
    public const string OsUserKey = "Panel:Postgres:OsUser";
    private const string Superuser = "dropit";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly string binPath;
    private readonly string? runAs;

    private EmbeddedPostgres(string clusterPath, string binPath, string? runAs)
    {
        ClusterPath = clusterPath;
        this.binPath = binPath;
        this.runAs = runAs;
    }

    public string ClusterPath { get; }

    private string DataDirectory => Path.Combine(ClusterPath, "data");

    private string SocketDirectory => Path.Combine(ClusterPath, "run");

    /// <summary>Creates the cluster when it does not exist yet, and starts it unless it runs already.</summary>
    public static EmbeddedPostgres Start(string clusterPath, string? configuredBinPath, string? configuredOsUser,
        int maxConnections = 100)
    {
        var binaries = PostgresBinaries.Find(configuredBinPath);
        var runAs = Environment.UserName != "root" ? null
            : string.IsNullOrWhiteSpace(configuredOsUser) ? "postgres" : configuredOsUser;
        var cluster = new EmbeddedPostgres(Path.GetFullPath(clusterPath), binaries, runAs);
        cluster.Prepare();
        if (!File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")))
        {
            cluster.Tool("initdb", "-D", cluster.DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale");
        }

        if (cluster.RunTool("pg_ctl", "status", "-D", cluster.DataDirectory).ExitCode != 0)
        {
            cluster.Tool("pg_ctl", "start", "-w", "-t", "60", "-D", cluster.DataDirectory,
                "-l", Path.Combine(cluster.ClusterPath, "postgres.log"),
                "-o", $"-c listen_addresses='' -c unix_socket_directories='{cluster.SocketDirectory}' -p 5432 -c max_connections={maxConnections}");
        }

        return cluster;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Port = 5432,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    public void Stop() => RunTool("pg_ctl", "stop", "-w", "-m", "fast", "-D", DataDirectory);

    private void Prepare()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (runAs is null)
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        if (ProcessRunner.Run("id", ["-u", runAs], ToolTimeout).ExitCode != 0)
        {
            throw new PanelStartupException(
                $"PostgreSQL refuses to run as root, and the OS user \"{runAs}\" meant to run it does not exist. " +
                $"Create it (useradd --system {runAs}; installing Debian's postgresql package does), " +
                $"set {OsUserKey} to another user, or set ConnectionStrings:Panel to an existing server.");
        }

        Require(ProcessRunner.Run("chown", ["-R", runAs, ClusterPath], ToolTimeout), "chown");
        Require(ProcessRunner.Run("chmod", ["700", DataDirectory], ToolTimeout), "chmod");
        RequireReachable(runAs);
    }

    /// <summary>
    /// The cluster folder is the OS user's own now, but every folder above it must let that user pass (x): a 0700
    /// parent, as temp folders are, makes initdb fail later with a bare "Permission denied".
    /// </summary>
    private void RequireReachable(string user)
    {
        if (OperatingSystem.IsWindows() || CanPass(user, ClusterPath))
        {
            return;
        }

        var ancestors = new List<string>();
        for (var folder = Path.GetDirectoryName(ClusterPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            ancestors.Insert(0, folder);
        }

        var blocking = ancestors.FirstOrDefault(folder => !CanPass(user, folder)) ?? ClusterPath;
        var mode = Convert.ToString((int)File.GetUnixFileMode(blocking), 8).PadLeft(4, '0');
        throw new PanelStartupException(
            $"The embedded PostgreSQL runs as the '{user}' user, which cannot reach {ClusterPath}: {blocking} is {mode}. " +
            $"Choose a data folder under a traversable path ({PanelPaths.DataPathKey}) or chmod o+x {blocking}.");
    }

    private static bool CanPass(string user, string folder) =>
        ProcessRunner.Run("runuser", ["-u", user, "--", "test", "-x", folder], ToolTimeout).ExitCode == 0;

    private void Tool(string name, params string[] arguments) => Require(RunTool(name, arguments), name);

    private ProcessResult RunTool(string name, params string[] arguments)
    {
        var program = Path.Combine(binPath, name);
        return runAs is null
            ? ProcessRunner.Run(program, arguments, ToolTimeout)
            : ProcessRunner.Run("runuser", ["-u", runAs, "--", program, .. arguments], ToolTimeout);
    }

    private void Require(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new PanelStartupException(
                $"The embedded PostgreSQL under {ClusterPath} could not start: {what} failed ({result.ExitCode}): {result.Output}");
        }
    }
}
