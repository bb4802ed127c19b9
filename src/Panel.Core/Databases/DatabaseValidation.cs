using System.Net;
using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Databases;

/// <summary>Checks of a database's settings; each error says what to change.</summary>
public static partial class DatabaseValidation
{
    public const int MaxInitScriptBytes = 400 * 1024;

    private static readonly Dictionary<DatabaseEngine, string[]> ReservedSettings = new()
    {
        [DatabaseEngine.Postgres] = ["port", "listen_addresses", "data_directory", "hba_file", "config_file"],
        [DatabaseEngine.MySql] = ["port", "datadir", "socket", "bind-address", "bind_address", "user"],
        [DatabaseEngine.MariaDb] = ["port", "datadir", "socket", "bind-address", "bind_address", "user"],
        [DatabaseEngine.Redis] = ["requirepass", "port", "dir", "bind", "include", "rename-command"],
    };

    public static string? Check(DatabaseSettings settings)
    {
        var profile = DatabaseEngines.Of(settings.Engine);
        return CheckVersion(profile, settings.Version)
            ?? CheckImage(settings.Image)
            ?? (profile.HasDatabaseAndUser ? CheckIdentifier("database name", settings.DatabaseName) : null)
            ?? (profile.HasDatabaseAndUser ? CheckUser(settings) : null)
            ?? CheckVolume(settings.VolumeName)
            ?? CheckInitScripts(profile, settings.InitScripts)
            ?? settings.ServerSettings.Select(s => CheckSetting(settings.Engine, s)).FirstOrDefault(e => e is not null)
            ?? CheckLimits(settings)
            ?? CheckExternalAccess(settings);
    }

    private static string? CheckVersion(EngineProfile profile, string? version)
    {
        if (version is null || !VersionPattern().IsMatch(version))
        {
            return $"\"{version}\" is not a version: use a number such as {profile.DefaultVersion} (or {profile.DefaultVersion}.1).";
        }

        var major = DatabaseEngines.Major(version)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return profile.Versions.Contains(major)
            ? null
            : $"{profile.DisplayName} {version} is not offered; choose one of {string.Join(", ", profile.Versions)}.";
    }

    private static string? CheckImage(string? image) =>
        image is { Length: > 0 and <= 255 } && ImagePattern().IsMatch(image)
            ? null
            : $"\"{image}\" is not an image reference; use e.g. postgres:16-alpine or registry.example.com/team/postgres:16.";

    private static string? CheckIdentifier(string what, string? value) =>
        value is not null && IdentifierPattern().IsMatch(value)
            ? null
            : $"The {what} \"{value}\" is not valid: 1 to 32 letters, digits or _, starting with a letter (e.g. app).";

    private static string? CheckUser(DatabaseSettings settings)
    {
        var error = CheckIdentifier("user name", settings.Username);
        if (error is not null)
        {
            return error;
        }

        return settings.Engine is DatabaseEngine.MySql or DatabaseEngine.MariaDb
            && string.Equals(settings.Username, "root", StringComparison.OrdinalIgnoreCase)
            ? "The user cannot be root: the panel keeps root's own password apart. Choose another name (e.g. app)."
            : null;
    }

    private static string? CheckVolume(string? name) =>
        name is not null && VolumePattern().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid volume name: letters, digits, _ . - (e.g. shop-db-data).";

    private static string? CheckInitScripts(EngineProfile profile, IReadOnlyList<InitScript> scripts)
    {
        if (scripts.Count > 0 && !profile.HasInitScripts)
        {
            return $"{profile.DisplayName} runs no init scripts.";
        }

        foreach (var script in scripts)
        {
            if (!ScriptNamePattern().IsMatch(script.Name))
            {
                return $"The init script name \"{script.Name}\" must end in .sql or .sh and use letters, digits, _ . - (e.g. 01-extensions.sql).";
            }

            if (string.IsNullOrWhiteSpace(script.Content))
            {
                return $"The init script \"{script.Name}\" is empty.";
            }

            if (System.Text.Encoding.UTF8.GetByteCount(script.Content) > MaxInitScriptBytes)
            {
                return $"The init script \"{script.Name}\" is larger than {MaxInitScriptBytes / 1024} KB; split it into several scripts.";
            }
        }

        var duplicate = scripts.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"Two init scripts are named \"{duplicate.Key}\".";
    }

    private static string? CheckSetting(DatabaseEngine engine, ServerSetting setting)
    {
        if (!SettingNamePattern().IsMatch(setting.Name))
        {
            return $"\"{setting.Name}\" is not a setting name (letters, digits, _ . -).";
        }

        if (ReservedSettings[engine].Contains(setting.Name, StringComparer.OrdinalIgnoreCase))
        {
            return $"The panel sets \"{setting.Name}\" itself; remove it from the server settings.";
        }

        return setting.Value.Length is 0 or > 1024 || setting.Value.Any(char.IsControl)
            ? $"The value of \"{setting.Name}\" must be one line of at most 1024 characters."
            : null;
    }

    private static string? CheckLimits(DatabaseSettings settings)
    {
        if (settings.MemoryLimitBytes is < 64L * 1024 * 1024)
        {
            return "The memory limit must be at least 64 MB: a database below that does not start.";
        }

        if (settings.CpuLimit is <= 0 or > 256)
        {
            return "The CPU limit is a number of cores above 0 (e.g. 0.5 or 2).";
        }

        return settings.StopGracePeriodSeconds is < 1 or > 600
            ? "The stop grace period is between 1 and 600 seconds."
            : null;
    }

    private static string? CheckExternalAccess(DatabaseSettings settings)
    {
        if (settings.ExternalPort is { } port && port is < 1 or > 65535)
        {
            return $"The external port {port} is not a port: use 1 to 65535.";
        }

        var invalid = settings.AllowedSources.FirstOrDefault(s => !IsAddressOrRange(s));
        if (invalid is not null)
        {
            return $"\"{invalid}\" is not an address or range: use e.g. 203.0.113.7 or 203.0.113.0/24.";
        }

        return null;
    }

    public static bool IsAddressOrRange(string value) =>
        IPAddress.TryParse(value, out _) || (value.Contains('/') && IPNetwork.TryParse(value, out _));

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){0,2}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._/:@-]*$")]
    private static partial Regex ImagePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,31}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex VolumePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\.(sql|sh)$")]
    private static partial Regex ScriptNamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex SettingNamePattern();
}
