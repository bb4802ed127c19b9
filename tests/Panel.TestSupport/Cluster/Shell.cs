namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>Runs the host's tools (ip, iptables, mount, the Debian Docker CLI) for the cluster; failures throw with their output.</summary>
internal static class Shell
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var result = await ChildProcess.RunAsync(file, args);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with code {result.ExitCode}: {(result.Error + result.Output).Trim()}");
    }

    /// <summary>Runs a command whose failure is expected when there is nothing to do (a leftover already gone).</summary>
    public static async Task<bool> TryAsync(string file, params string[] args) => (await ChildProcess.RunAsync(file, args)).Succeeded;

    /// <summary>Runs <paramref name="script"/> with /bin/sh -c, for pipes.</summary>
    public static Task<string> ShAsync(string script) => RunAsync("/bin/sh", "-c", script);
}
