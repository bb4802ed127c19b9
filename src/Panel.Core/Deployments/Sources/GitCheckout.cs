using System.Text;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Deployments.Sources;

/// <summary>How to reach a Git repository: an HTTPS token or an SSH deploy key (both optional).</summary>
public sealed record GitSource(string Url, string Branch, string? Token, string? DeployKeyPem);

/// <summary>The commit a checkout landed on.</summary>
public sealed record GitCommit(string Hash, string Message);

/// <summary>Shallow clones with the git CLI; credentials travel in the environment or a private key file, never in arguments.</summary>
public static class GitCheckout
{
    public static async Task<GitCommit> CloneAsync(GitSource source, string directory, string knownHostsPath,
        Action<string> onLine, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "/bin/false",
            ["SSH_ASKPASS"] = "/bin/false",
        };
        string? keyFile = null;
        if (!string.IsNullOrEmpty(source.Token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{source.Token}"));
            environment["GIT_CONFIG_COUNT"] = "1";
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            environment["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {basic}";
        }

        if (!string.IsNullOrEmpty(source.DeployKeyPem))
        {
            // git runs GIT_SSH_COMMAND through a shell: the paths are single-quoted, so they must not hold a quote.
            if (knownHostsPath.Contains('\'') || Path.GetTempPath().Contains('\''))
            {
                throw new BuildFailedException("Panel:DataPath (or TMPDIR) contains a quote ('); SSH clones need paths without one.");
            }

            keyFile = Path.Combine(Path.GetTempPath(), $"dropit-key-{Guid.NewGuid():N}");
            await SecretFiles.WriteAsync(keyFile, source.DeployKeyPem.ReplaceLineEndings("\n").TrimEnd() + "\n", cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(knownHostsPath)!);
            environment["GIT_SSH_COMMAND"] =
                $"ssh -i '{keyFile}' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile='{knownHostsPath}'";
        }

        try
        {
            var clone = await CommandRunner.RunAsync("git",
                ["clone", "--depth", "1", "--single-branch", "--branch", source.Branch, "--", source.Url, directory],
                environment, null, null, onLine, cancellationToken);
            if (!clone.Succeeded)
            {
                throw new BuildFailedException(CloneError(source, clone));
            }

            var log = await CommandRunner.RunAsync("git", ["-C", directory, "log", "-1", "--format=%H%n%s"],
                environment, null, null, null, cancellationToken);
            var lines = log.Tail;
            return new GitCommit(lines.Count > 0 ? lines[0] : "", lines.Count > 1 ? lines[1] : "");
        }
        finally
        {
            if (keyFile is not null)
            {
                File.Delete(keyFile);
            }
        }
    }

    private static string CloneError(GitSource source, CommandResult clone)
    {
        var output = clone.TailText(4);
        if (output.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase)
            || output.Contains("could not read Username", StringComparison.OrdinalIgnoreCase)
            || output.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return $"Git refused access to {source.Url}: check the access token, or add the deploy key to the repository. ({output})";
        }

        return output.Contains("Remote branch", StringComparison.OrdinalIgnoreCase)
            ? $"The branch \"{source.Branch}\" does not exist in {source.Url}. Check the branch name. ({output})"
            : $"Cloning {source.Url} failed (exit code {clone.ExitCode}): {output}";
    }
}
