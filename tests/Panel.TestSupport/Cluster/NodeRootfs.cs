namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>
/// The Debian 13 root file system the cluster's engines run from, built by <c>build-node-rootfs.sh</c> beside this file
/// once per machine (cached in /var/cache/dropit/stand-ins/docker-node, a lock keeps concurrent runs from building it
/// twice). A cold build runs debootstrap (about two minutes); a warm one answers at once.
/// </summary>
public static class NodeRootfs
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? folder;

    /// <summary>The root file system's folder; builds it when the machine has none yet.</summary>
    public static async Task<string> EnsureAsync()
    {
        if (folder is not null)
        {
            return folder;
        }

        await Gate.WaitAsync();
        try
        {
            return folder ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> BuildAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "Panel.TestSupport", "Cluster", "build-node-rootfs.sh");
        using var limit = new CancellationTokenSource(BuildTimeout);
        ChildResult result;
        try
        {
            result = await ChildProcess.RunAsync("/bin/bash", [script], cancellationToken: limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{script} did not finish within {BuildTimeout.TotalMinutes} min.");
        }

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (!result.Succeeded || lines.Length == 0)
        {
            var tail = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(30);
            throw new InvalidOperationException(
                $"{script} exited with code {result.ExitCode} (it needs root and debootstrap: apt-get install -y debootstrap):\n" +
                string.Join('\n', tail));
        }

        return lines[^1].Trim();
    }

    private static string RepositoryRoot()
    {
        var current = new DirectoryInfo(AppContext.BaseDirectory);
        while (current is not null && !File.Exists(Path.Combine(current.FullName, "DropIt.Panel.sln")))
        {
            current = current.Parent;
        }

        return current?.FullName
            ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds DropIt.Panel.sln.");
    }
}
