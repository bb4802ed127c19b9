using System.Diagnostics;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The environment every program the panel starts (git, docker, ssh, nginx, the PostgreSQL tools) begins
/// with: a short allow-list of the panel's own variables, plus what the caller sets on purpose. Nothing else
/// of the panel's process (its connection string, bootstrap secrets, proxies, DOCKER_* or GIT_* settings)
/// reaches a child. See decision 027.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Variables passed on from the panel's own environment, when it has them; LC_* passes too.</summary>
    public static IReadOnlyList<string> Passed { get; } =
        ["PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR"];

    /// <summary>True when <paramref name="name"/> passes from the panel's environment to its children.</summary>
    public static bool IsPassed(string name) =>
        name.StartsWith("LC_", StringComparison.Ordinal) || Passed.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Empties <paramref name="start"/>'s environment down to the allow-list, then sets
    /// <paramref name="variables"/> (a null value removes the variable).
    /// </summary>
    public static void Apply(ProcessStartInfo start, IReadOnlyDictionary<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        var environment = start.Environment;
        foreach (var name in environment.Keys.Where(name => !IsPassed(name)).ToList())
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }
    }
}
