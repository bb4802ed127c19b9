namespace DropIt.Panel.Core.Databases;

/// <summary>What the panel knows of one engine's official image: versions, port, data folder, environment, checks.</summary>
public sealed record EngineProfile(
    DatabaseEngine Engine,
    string DisplayName,
    IReadOnlyList<string> Versions,
    string DefaultVersion,
    int Port,
    string UrlScheme,
    string VolumePath,
    bool HasDatabaseAndUser,
    bool HasInitScripts)
{
    /// <summary>The official image of a version: <c>postgres:16-alpine</c>, <c>mysql:8</c>, <c>mariadb:11</c>, <c>redis:7-alpine</c>.</summary>
    public string DefaultImage(string version) => Engine switch
    {
        DatabaseEngine.Postgres => $"postgres:{version}-alpine",
        DatabaseEngine.MySql => $"mysql:{version}",
        DatabaseEngine.MariaDb => $"mariadb:{version}",
        _ => $"redis:{version}-alpine",
    };

    /// <summary>The program the health check runs: it answers once the server accepts connections over TCP.</summary>
    public string HealthCommand(DatabaseSettings settings, string passwordFile) => Engine switch
    {
        DatabaseEngine.Postgres =>
            $"pg_isready -q -h 127.0.0.1 -p {Port} -U {Shell.Quote(settings.Username!)} -d {Shell.Quote(settings.DatabaseName!)}",
        DatabaseEngine.MySql => $"mysqladmin ping -h 127.0.0.1 -P {Port} --silent",
        DatabaseEngine.MariaDb => $"mariadb-admin ping -h 127.0.0.1 -P {Port} --silent",
        _ => $"REDISCLI_AUTH=\"$(cat {passwordFile})\" redis-cli -h 127.0.0.1 -p {Port} ping | grep -q PONG",
    };
}

/// <summary>The engines the panel runs.</summary>
public static class DatabaseEngines
{
    public static readonly EngineProfile Postgres = new(DatabaseEngine.Postgres, "PostgreSQL", ["15", "16", "17"], "16", 5432,
        "postgresql", "/var/lib/postgresql/data", HasDatabaseAndUser: true, HasInitScripts: true);

    public static readonly EngineProfile MySql = new(DatabaseEngine.MySql, "MySQL", ["8"], "8", 3306,
        "mysql", "/var/lib/mysql", HasDatabaseAndUser: true, HasInitScripts: true);

    public static readonly EngineProfile MariaDb = new(DatabaseEngine.MariaDb, "MariaDB", ["10", "11"], "11", 3306,
        "mysql", "/var/lib/mysql", HasDatabaseAndUser: true, HasInitScripts: true);

    public static readonly EngineProfile Redis = new(DatabaseEngine.Redis, "Redis", ["6", "7"], "7", 6379,
        "redis", "/data", HasDatabaseAndUser: false, HasInitScripts: false);

    public static IReadOnlyList<EngineProfile> All { get; } = [Postgres, MySql, MariaDb, Redis];

    public static EngineProfile Of(DatabaseEngine engine) => All.First(p => p.Engine == engine);

    /// <summary>The major part of a version: "16.4" gives 16; null when it is not a version.</summary>
    public static int? Major(string? version) =>
        version is not null && int.TryParse(version.Split('.')[0], out var major) && major > 0 ? major : null;
}

/// <summary>Quotes a value for a POSIX shell command line.</summary>
internal static class Shell
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
