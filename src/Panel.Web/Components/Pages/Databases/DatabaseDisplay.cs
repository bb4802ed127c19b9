using System.Globalization;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Web.Components.Pages.Databases;

/// <summary>How databases read on the pages, and the rows their forms edit.</summary>
public static class DatabaseDisplay
{
    public const long Megabyte = 1024 * 1024;

    /// <summary>"PostgreSQL 16".</summary>
    public static string EngineText(DatabaseEngine engine, string version) => $"{DatabaseEngines.Of(engine).DisplayName} {version}";

    /// <summary>The versions a select offers: the engine's, plus the one set when it is a pinned minor version ("16.4").</summary>
    public static IReadOnlyList<string> VersionChoices(DatabaseEngine engine, string? current)
    {
        var versions = DatabaseEngines.Of(engine).Versions;
        return current is null || versions.Contains(current) ? versions : [.. versions, current];
    }

    /// <summary>What the server settings mean for the engine, with an example.</summary>
    public static string SettingsHint(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => "Passed as -c name=value, e.g. max_connections = 200 or shared_buffers = 256MB.",
        DatabaseEngine.Redis => "Lines of redis.conf, e.g. maxmemory = 256mb and maxmemory-policy = allkeys-lru.",
        _ => "Passed as --name=value, e.g. max_connections = 200 or innodb_buffer_pool_size = 256M.",
    };

    public static string SettingExample(DatabaseEngine engine) => engine == DatabaseEngine.Redis ? "maxmemory" : "max_connections";

    /// <summary>"512 MB and 0.5 CPU", or null without limits.</summary>
    public static string? Limits(DatabaseView view)
    {
        string?[] parts =
        [
            view.MemoryLimitBytes is { } bytes ? (bytes / Megabyte).ToString(CultureInfo.InvariantCulture) + " MB" : null,
            view.CpuLimit is { } cpu ? cpu.ToString(CultureInfo.InvariantCulture) + " CPU" : null,
        ];
        var set = parts.OfType<string>().ToList();
        return set.Count == 0 ? null : string.Join(" and ", set);
    }

    /// <summary>Rows filled in, as the Core takes them.</summary>
    public static List<InitScript> ToScripts(IEnumerable<ScriptRow> rows) => rows
        .Where(r => !string.IsNullOrWhiteSpace(r.Name) || !string.IsNullOrWhiteSpace(r.Content))
        .Select(r => new InitScript { Name = r.Name ?? "", Content = r.Content ?? "" }).ToList();

    public static List<ServerSetting> ToSettings(IEnumerable<SettingRow> rows) => rows
        .Where(r => !string.IsNullOrWhiteSpace(r.Name) || !string.IsNullOrWhiteSpace(r.Value))
        .Select(r => new ServerSetting { Name = r.Name ?? "", Value = r.Value ?? "" }).ToList();

    public static List<SettingRow> Rows(IEnumerable<ServerSetting> settings) =>
        settings.Select(s => new SettingRow { Name = s.Name, Value = s.Value }).ToList();

    /// <summary>Source addresses typed one a line or separated by commas or spaces.</summary>
    public static List<string> SplitSources(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>An init script being edited.</summary>
public sealed class ScriptRow
{
    public string? Name { get; set; }
    public string? Content { get; set; }
}

/// <summary>A server setting being edited.</summary>
public sealed class SettingRow
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

/// <summary>The deployment of a database under way, as its page follows it.</summary>
public sealed record ActiveDeployment(Guid Id, DeploymentStatus Status, string? Step);
