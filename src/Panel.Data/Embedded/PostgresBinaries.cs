using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Data.Embedded;

/// <summary>Finds the local PostgreSQL server programs (initdb, pg_ctl).</summary>
internal static class PostgresBinaries
{
    public const string BinPathKey = "Panel:Postgres:BinPath";

    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasTools(configured) ? configured
                : throw new PanelStartupException(
                    $"{BinPathKey} is \"{configured}\", but initdb and pg_ctl are not there. " +
                    "Point it at the folder that holds them (Debian: /usr/lib/postgresql/15/bin).");
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return candidates.Concat(onPath).FirstOrDefault(HasTools)
            ?? throw new PanelStartupException(
                "No connection string is set (ConnectionStrings:Panel), so the panel wants to start its own PostgreSQL, " +
                "but no PostgreSQL server programs (initdb, pg_ctl) were found in /usr/lib/postgresql/*/bin or on PATH. " +
                "Install them (Debian or Ubuntu: apt-get install postgresql), or set " + BinPathKey +
                " to their folder, or set ConnectionStrings:Panel to an existing PostgreSQL server.");
    }

    private static bool HasTools(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"))
        && File.Exists(Path.Combine(folder, "postgres"));
}
