using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Databases;

/// <summary>A Swarm secret or config the database's service mounts.</summary>
public sealed record SwarmFile(string Name, byte[] Content, bool IsSecret);

/// <summary>The Swarm service of a database and the secrets and configs it mounts.</summary>
public sealed record DatabaseSpec(EngineServiceSpec Service, IReadOnlyList<SwarmFile> Files);

/// <summary>
/// Turns a database's settings into its Swarm service: the official image's contract (<c>*_FILE</c> secrets,
/// <c>/docker-entrypoint-initdb.d</c>), one replica, stop-first, pinned to the node of its volume.
/// </summary>
public static class DatabaseSpecs
{
    public const string PasswordFile = "/run/secrets/db-password";
    public const string RootPasswordFile = "/run/secrets/db-root-password";
    public const string RedisConfigFile = "/run/secrets/redis.conf";
    public const string InitMarker = ".dropit-initialising";
    private const string GuardFile = "/dropit/first-start.sh";
    private const string InitFolder = "/docker-entrypoint-initdb.d";

    public static DatabaseSpec Build(Service service, string engineName, string password, string? rootPassword)
    {
        var settings = service.Database!;
        var profile = DatabaseEngines.Of(settings.Engine);
        var files = new List<(SwarmFile File, string Path)>
        {
            (new SwarmFile(SecretName(service.Id, "password", settings.SecretGeneration), Encoding.UTF8.GetBytes(password), true), PasswordFile),
        };
        if (rootPassword is not null)
        {
            files.Add((new SwarmFile(SecretName(service.Id, "root", settings.SecretGeneration), Encoding.UTF8.GetBytes(rootPassword), true),
                RootPasswordFile));
        }

        IReadOnlyList<string>? entrypoint = null;
        List<string> args;
        if (settings.Engine == DatabaseEngine.Redis)
        {
            var config = Encoding.UTF8.GetBytes(RedisConfig(settings, password));
            files.Add((new SwarmFile(ContentName(service.Id, "redis-conf", config), config, true), RedisConfigFile));
            args = ["redis-server", RedisConfigFile];
        }
        else
        {
            args = settings.Engine == DatabaseEngine.Postgres
                ? ["postgres", .. settings.ServerSettings.SelectMany(s => new[] { "-c", $"{s.Name}={s.Value}" })]
                : [settings.Engine == DatabaseEngine.MySql ? "mysqld" : "mariadbd", .. settings.ServerSettings.Select(s => $"--{s.Name}={s.Value}")];
            files.AddRange(InitFiles(service.Id, settings, profile));
            entrypoint = ["sh", GuardFile, profile.VolumePath, "docker-entrypoint.sh"];
        }

        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Project] = service.ProjectId.ToString(),
            [EngineLabels.Service] = service.Id.ToString(),
        };
        var spec = new EngineServiceSpec(engineName, settings.Image, labels, Environment(settings), 1, settings.MemoryLimitBytes,
            settings.CpuLimit, RestartPolicy.Any, [new VolumeMount { Source = settings.VolumeName, Target = profile.VolumePath }])
        {
            UpdateOrder = UpdateOrder.StopFirst,
            StopGracePeriod = TimeSpan.FromSeconds(settings.StopGracePeriodSeconds),
            Entrypoint = entrypoint,
            Args = args,
            Files = files.Select(f => new FileMount(f.File.Name, f.Path, f.File.IsSecret)).ToList(),
            HealthCheck = new EngineHealthCheck(profile.HealthCommand(settings, PasswordFile), TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(5), 10, TimeSpan.FromMinutes(10)),
            Constraints = settings.NodeId is { } node ? [$"node.id=={node}"] : [],
            Ports = settings.ExternalPort is { } port ? [new PublishedPort(port, profile.Port)] : [],
            NetworkAlias = ProjectNetworkNames.Alias(service.Name),
        };
        return new DatabaseSpec(spec, files.Select(f => f.File).ToList());
    }

    private static List<string> Environment(DatabaseSettings settings) => settings.Engine switch
    {
        DatabaseEngine.Postgres =>
        [
            $"POSTGRES_USER={settings.Username}", $"POSTGRES_DB={settings.DatabaseName}", $"POSTGRES_PASSWORD_FILE={PasswordFile}",
        ],
        DatabaseEngine.MySql =>
        [
            $"MYSQL_USER={settings.Username}", $"MYSQL_DATABASE={settings.DatabaseName}", $"MYSQL_PASSWORD_FILE={PasswordFile}",
            $"MYSQL_ROOT_PASSWORD_FILE={RootPasswordFile}",
        ],
        DatabaseEngine.MariaDb =>
        [
            $"MARIADB_USER={settings.Username}", $"MARIADB_DATABASE={settings.DatabaseName}", $"MARIADB_PASSWORD_FILE={PasswordFile}",
            $"MARIADB_ROOT_PASSWORD_FILE={RootPasswordFile}",
        ],
        _ => [],
    };

    /// <summary>
    /// The admin's scripts in their order, between two of the panel's: the first leaves a marker in the data folder and
    /// the last removes it. A first start that failed in between leaves the marker, and the guard then refuses to serve
    /// that half-made data on a restart.
    /// </summary>
    private static IEnumerable<(SwarmFile, string)> InitFiles(Guid serviceId, DatabaseSettings settings, EngineProfile profile)
    {
        var marker = $"{profile.VolumePath}/{InitMarker}";
        yield return Config(serviceId, "guard", Guard, GuardFile);
        yield return Config(serviceId, "init-begin", $"# Generated by DropIt Panel, do not edit.\ntouch '{marker}'\n",
            $"{InitFolder}/00-dropit-initialising.sh");
        for (var i = 0; i < settings.InitScripts.Count; i++)
        {
            var script = settings.InitScripts[i];
            var position = (i + 1).ToString("D2", CultureInfo.InvariantCulture);
            yield return Config(serviceId, $"init-{position}", script.Content, $"{InitFolder}/{position}-{script.Name}");
        }

        yield return Config(serviceId, "init-end", $"# Generated by DropIt Panel, do not edit.\nrm -f '{marker}'\n",
            $"{InitFolder}/99-dropit-initialised.sh");
    }

    private static (SwarmFile, string) Config(Guid serviceId, string kind, string content, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return (new SwarmFile(ContentName(serviceId, kind, bytes), bytes, false), path);
    }

    private const string Guard = """
        #!/bin/sh
        # Generated by DropIt Panel, do not edit.
        # Usage: first-start.sh <data folder> <entrypoint> [args...]
        # Init scripts run once, on an empty volume. If the first start stopped during them, the data folder keeps the
        # marker the first script left, and the database refuses to start on that half-made data.
        data="$1"
        shift
        if [ -e "$data/.dropit-initialising" ]; then
            echo "dropit: the first start of this database stopped during its init scripts, so its data is incomplete." >&2
            echo "dropit: delete the database with its volume, fix the script, and create it again." >&2
            exit 1
        fi
        exec "$@"

        """;

    private static string RedisConfig(DatabaseSettings settings, string password)
    {
        var lines = new List<string> { "# Generated by DropIt Panel, do not edit.", $"requirepass {password}", "dir /data", "port 6379" };
        if (!settings.ServerSettings.Any(s => s.Name.Equals("appendonly", StringComparison.OrdinalIgnoreCase)))
        {
            lines.Add("appendonly yes");
        }

        lines.AddRange(settings.ServerSettings.Select(s => $"{s.Name} {s.Value}"));
        return string.Join('\n', lines) + "\n";
    }

    public static string SecretName(Guid serviceId, string kind, int generation) =>
        $"dropit-{serviceId:N}-{kind}-g{generation.ToString(CultureInfo.InvariantCulture)}";

    private static string ContentName(Guid serviceId, string kind, byte[] content) =>
        $"dropit-{serviceId:N}-{kind}-{Convert.ToHexStringLower(SHA256.HashData(content))[..10]}";
}
