using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>How many files or folders went and their size.</summary>
public readonly record struct Freed(int Count, long Bytes)
{
    public static Freed operator +(Freed a, Freed b) => new(a.Count + b.Count, a.Bytes + b.Bytes);
}

/// <summary>Deployment logs past retention, and what interrupted work left in the data folder.</summary>
public sealed class CleanupFiles(DataDirectory data, TimeProvider clock)
{
    /// <summary>Leftovers younger than this may still be written to.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    public Freed RemoveLogs(IReadOnlyList<DeploymentFacts> deployments, CleanupOptions options, bool dryRun)
    {
        var folder = Path.GetDirectoryName(data.DeploymentLog(Guid.Empty))!;
        if (!Directory.Exists(folder))
        {
            return default;
        }

        var files = new List<LogFile>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFiles("*.log"))
        {
            // Only files named exactly as the panel names them.
            if (Guid.TryParse(Path.GetFileNameWithoutExtension(info.Name), out var id) && data.DeploymentLog(id) == info.FullName)
            {
                files.Add(new LogFile(info.FullName, id, info.LastWriteTimeUtc, info.Length));
            }
        }

        var stale = LogRetention.Select(files, deployments, clock.GetUtcNow(), options.DeploymentLogDays, options.KeepDeploymentLogs);
        var freed = default(Freed);
        foreach (var file in stale)
        {
            if (dryRun || TryDelete(() => File.Delete(file.Path)))
            {
                freed += new Freed(1, file.Bytes);
            }
        }

        return freed;
    }

    /// <summary>
    /// Interrupted uploads (<c>sites/*/releases/.*.partial</c>, <c>sites/*/incoming/*.zip</c>) and build folders of
    /// deployments that are not running (<c>builds/&lt;deployment&gt;</c>), once untouched for an hour.
    /// </summary>
    public Freed RemoveLeftovers(IReadOnlySet<Guid> activeDeployments, bool dryRun)
    {
        var cutoff = clock.GetUtcNow() - LeftoverAge;
        var freed = default(Freed);
        foreach (var folder in Folders(Path.GetDirectoryName(data.Build(Guid.Empty))!))
        {
            if (Guid.TryParse(folder.Name, out var id) && data.Build(id) == folder.FullName && !activeDeployments.Contains(id))
            {
                freed += RemoveFolder(folder, cutoff, dryRun);
            }
        }

        foreach (var site in Folders(data.Sites).Where(s => Guid.TryParse(s.Name, out _)))
        {
            var partials = Folders(Path.Combine(site.FullName, "releases"))
                .Where(f => f.Name.StartsWith('.') && f.Name.EndsWith(".partial", StringComparison.Ordinal));
            foreach (var partial in partials)
            {
                freed += RemoveFolder(partial, cutoff, dryRun);
            }

            var incoming = new DirectoryInfo(Path.Combine(site.FullName, "incoming"));
            foreach (var zip in incoming.Exists ? incoming.EnumerateFiles("*.zip") : [])
            {
                var bytes = zip.Length;
                if (zip.LastWriteTimeUtc < cutoff && (dryRun || TryDelete(zip.Delete)))
                {
                    freed += new Freed(1, bytes);
                }
            }
        }

        return freed;
    }

    /// <summary>The size of the files under <paramref name="path"/>, links not followed.</summary>
    public static long Size(string path) =>
        Directory.Exists(path)
            ? new DirectoryInfo(path)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .Where(f => f.LinkTarget is null).Sum(f => f.Length)
            : 0;

    /// <summary>Deletes a folder and everything in it; false when it could not (it is reported, not thrown).</summary>
    public static bool TryDeleteFolder(string path) => TryDelete(() => Directory.Delete(path, recursive: true));

    private static Freed RemoveFolder(DirectoryInfo folder, DateTimeOffset cutoff, bool dryRun)
    {
        if (folder.LastWriteTimeUtc >= cutoff)
        {
            return default;
        }

        var bytes = Size(folder.FullName);
        return dryRun || TryDeleteFolder(folder.FullName) ? new Freed(1, bytes) : default;
    }

    private static IEnumerable<DirectoryInfo> Folders(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateDirectories() : [];

    private static bool TryDelete(Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
