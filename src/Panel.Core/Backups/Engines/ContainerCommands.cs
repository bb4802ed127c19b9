using System.Text;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>Commands of backups and restores in containers: a non-zero exit is a <see cref="BackupException"/> with the tool's own words.</summary>
public sealed class ContainerCommands(IContainerOperations containers)
{
    /// <summary>Runs the command with its output going to <paramref name="output"/>.</summary>
    public async Task RunAsync(string containerId, string what, IReadOnlyList<string> command, Stream? input, Stream? output,
        CancellationToken cancellationToken)
    {
        var result = await containers.ExecAsync(containerId, command, input, output, cancellationToken);
        if (!result.Succeeded)
        {
            var words = result.ErrorTail.Trim();
            throw new BackupException($"{what} failed (exit code {result.ExitCode}){(words.Length > 0 ? ": " + words : ".")}");
        }
    }

    /// <summary>Runs a shell script (<c>sh -c</c>) and returns what it printed.</summary>
    public async Task<string> ShellAsync(string containerId, string what, string script, CancellationToken cancellationToken,
        Stream? input = null)
    {
        using var output = new MemoryStream();
        await RunAsync(containerId, what, ["sh", "-c", script], input, output, cancellationToken);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Runs the command until it succeeds or <paramref name="timeout"/> passes; false when it never did.</summary>
    public async Task<bool> WaitAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            if ((await containers.ExecAsync(containerId, command, null, null, cancellationToken)).Succeeded)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return false;
    }

    /// <summary>"a: 1 then 2; b: 3 then missing" for the counts that differ; empty when they are equal.</summary>
    public static string Differences(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual)
    {
        var different = expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal)
            .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || e != a)
            .Select(k => $"{k}: {Show(expected, k)} at backup, {Show(actual, k)} restored")
            .ToList();
        return different.Count == 0 ? "" : string.Join("; ", different.Take(10)) + (different.Count > 10 ? $" and {different.Count - 10} more" : "");
    }

    private static string Show(IReadOnlyDictionary<string, long> counts, string key) =>
        counts.TryGetValue(key, out var value) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing";
}
