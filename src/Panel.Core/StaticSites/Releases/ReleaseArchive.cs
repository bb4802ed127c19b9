using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>Checks an uploaded static-site zip and extracts it into a new release folder, or refuses it leaving nothing behind.</summary>
public static class ReleaseArchive
{
    private const int FilesPerWorker = 64;

    /// <summary>
    /// Checks every entry of <paramref name="zipPath"/> against the rules and <paramref name="limits"/>, then extracts it
    /// into <paramref name="targetDirectory"/>, which must not exist yet. Throws <see cref="ReleaseRejectedException"/> for
    /// a refused zip; on any failure the target directory is removed. Files that <paramref name="liveRelease"/> (the
    /// folder of the release being served, or null) holds unchanged are linked to it instead of written.
    /// </summary>
    public static ExtractedRelease Extract(string zipPath, string targetDirectory, ReleaseLimits limits, string? liveRelease,
        CancellationToken ct) =>
        Extract(zipPath, targetDirectory, limits, liveRelease, Environment.ProcessorCount, ct);

    /// <summary>Extracts a release that has no live release to share files with.</summary>
    public static ExtractedRelease Extract(string zipPath, string targetDirectory, ReleaseLimits limits, CancellationToken ct) =>
        Extract(zipPath, targetDirectory, limits, liveRelease: null, Environment.ProcessorCount, ct);

    internal static ExtractedRelease Extract(string zipPath, string targetDirectory, ReleaseLimits limits, string? liveRelease,
        int maxWorkers, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ArgumentNullException.ThrowIfNull(limits);
        var root = Path.GetFullPath(targetDirectory);
        if (Path.Exists(root))
        {
            throw new IOException($"The release folder '{root}' already exists.");
        }
        try
        {
            using var zip = OpenFile(zipPath);
            var (directoryOffset, directorySize) = ZipEndRecord.Check(zip, limits);
            using var archive = OpenArchive(zip);
            var plan = ReleasePlan.Build(archive, limits);
            ct.ThrowIfCancellationRequested();
            UnixPermissions.CreateFolder(root);
            foreach (var folder in plan.Folders)
            {
                UnixPermissions.CreateFolder(ExtractionRun.Inside(root, folder, folder));
            }
            var live = liveRelease is not null && Directory.Exists(liveRelease) ? Path.GetFullPath(liveRelease) : null;
            var run = new ExtractionRun(root, plan, limits, DeflatedEntries.Locate(zip, directoryOffset, directorySize, plan), live);
            var workers = Math.Clamp(plan.Files.Count / FilesPerWorker, 1, Math.Max(maxWorkers, 1));
            if (workers == 1)
            {
                run.Work(archive, ct);
            }
            else
            {
                RunInParallel(run, zipPath, archive, workers, ct);
            }
            return new ExtractedRelease(plan.Files.Count, run.Bytes, plan.UnwrappedFolder)
            {
                TextFiles = run.TextFiles,
                TextFilesWithoutGzip = run.TextFilesWithoutGzip,
                Twins = run.Twins,
                LinkedFiles = run.Linked,
            };
        }
        catch
        {
            RemoveQuietly(root);
            throw;
        }
    }

    /// <summary>ZipArchive is not thread-safe: each worker reads through its own stream and archive, taking files from a shared queue.</summary>
    private static void RunInParallel(ExtractionRun run, string zipPath, ZipArchive opened, int workers,
        CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                try
                {
                    if (worker == 0)
                    {
                        run.Work(opened, stop.Token);
                        return;
                    }
                    using var zip = OpenFile(zipPath);
                    using var archive = OpenArchive(zip);
                    run.Work(archive, stop.Token);
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            });
        }
        catch (AggregateException failure)
        {
            ct.ThrowIfCancellationRequested();
            var inner = failure.Flatten().InnerExceptions;
            var cause = inner.FirstOrDefault(exception => exception is not OperationCanceledException) ?? inner[0];
            ExceptionDispatchInfo.Capture(cause).Throw();
        }
    }

    private static FileStream OpenFile(string zipPath) =>
        new(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.RandomAccess);

    private static ZipArchive OpenArchive(FileStream zip)
    {
        ZipArchive? archive = null;
        try
        {
            zip.Position = 0;
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            // The table of contents is read on first use; read it here so that a broken one is reported as such.
            _ = archive.Entries.Count;
            return archive;
        }
        catch (InvalidDataException exception)
        {
            archive?.Dispose();
            throw Rejections.Truncated(exception);
        }
    }

    private static void RemoveQuietly(string root)
    {
        try
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; a leftover folder is never served because no release points at it.
        }
    }
}
