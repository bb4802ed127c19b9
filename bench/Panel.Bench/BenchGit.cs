using System.Text;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>The sample application's repository: new versions in, shallow clones out.</summary>
internal static class BenchGit
{
    /// <summary>Commits <see cref="SampleApp"/> at <paramref name="version"/>: its site files change, so its COPY layer is new.</summary>
    public static Task<string> CommitVersionAsync(GitRepository repository, string version) =>
        repository.CommitAsync(SampleApp.Files(version), $"Version {version}");

    /// <summary>
    /// Clones the tip of main the way the panel does: <c>git clone --depth 1 --single-branch</c>, the token in an
    /// <c>http.extraHeader</c> passed through the environment.
    /// </summary>
    public static async Task CloneAsync(Uri cloneUri, string token, string directory)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        var environment = new Dictionary<string, string>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
            ["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {basic}",
        };
        var clone = await Command.RunAsync("git",
            ["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", "main", "--", cloneUri.ToString(), directory],
            environment);
        if (!clone.Succeeded)
        {
            throw new InvalidOperationException($"git clone {cloneUri} exited with code {clone.ExitCode}: {Command.Tail(clone.Error)}");
        }
    }
}
