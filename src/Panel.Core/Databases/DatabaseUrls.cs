using System.Text.RegularExpressions;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Databases;

/// <summary>
/// Connection URLs inside the project's network, and the references that put them in an application's variables:
/// <c>${{ name.url }}</c> (also <c>host</c>, <c>port</c>, <c>user</c>, <c>password</c>, <c>database</c>), resolved at each
/// deployment so a password rotation needs a redeploy, never a copy-paste.
/// </summary>
public static partial class DatabaseUrls
{
    public const string Masked = "***";

    public static string Host(Service service) => EngineNames.StableServiceName(service.Project!.Name, service.Name, service.Id);

    public static string Url(Service service, string password)
    {
        var settings = service.Database!;
        var profile = DatabaseEngines.Of(settings.Engine);
        var secret = password == Masked ? Masked : Uri.EscapeDataString(password);
        return settings.Engine == DatabaseEngine.Redis
            ? $"redis://default:{secret}@{Host(service)}:{profile.Port}"
            : $"{profile.UrlScheme}://{settings.Username}:{secret}@{Host(service)}:{profile.Port}/{settings.DatabaseName}";
    }

    public static string Reference(string databaseName) => $"${{{{ {databaseName}.url }}}}";

    /// <summary>The database names a value refers to.</summary>
    public static IEnumerable<string> ReferencedNames(string value) =>
        ReferencePattern().Matches(value).Select(m => m.Groups["name"].Value);

    /// <summary>
    /// Replaces every reference in <paramref name="value"/>; <paramref name="find"/> gives a database of the project by
    /// name (null when none) and its password, <paramref name="elsewhere"/> the project of another project's database of
    /// that name (which the service cannot reach: each project has its own network). Returns the error to show when a
    /// reference cannot be resolved.
    /// </summary>
    public static (string Value, string? Error) Resolve(string key, string value, Func<string, (Service Service, string Password)?> find,
        Func<string, string?>? elsewhere = null)
    {
        string? error = null;
        var resolved = ReferencePattern().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var field = match.Groups["field"].Value;
            if (find(name) is not { } found)
            {
                error ??= elsewhere?.Invoke(name) is { } project
                    ? $"The variable {key} refers to {match.Value}, a database of the project \"{project}\": a service reaches only the " +
                      "databases of its own project (each project has its own network). Create the database in this project, or move " +
                      "the service to that project."
                    : $"The variable {key} refers to {match.Value}, but this project has no database named \"{name}\".";
                return match.Value;
            }

            var (service, password) = found;
            var settings = service.Database!;
            return field switch
            {
                "url" => Url(service, password),
                "host" => Host(service),
                "port" => DatabaseEngines.Of(settings.Engine).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "user" => settings.Username ?? "default",
                "password" => password,
                "database" => settings.DatabaseName ?? "0",
                _ => Unknown(ref error, key, match.Value),
            };
        });
        return (resolved, error);
    }

    private static string Unknown(ref string? error, string key, string reference)
    {
        error ??= $"The variable {key} refers to {reference}: a database offers url, host, port, user, password and database.";
        return reference;
    }

    [GeneratedRegex(@"\$\{\{\s*(?<name>[a-z0-9][a-z0-9-]*)\.(?<field>[a-z]+)\s*\}\}")]
    private static partial Regex ReferencePattern();
}
