using System.Buffers;
using System.Runtime.ExceptionServices;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Writes the compressed twins of a release that is already live: each text file's <c>.gz</c> (from the zip's own
/// deflate stream when it can, <see cref="GzipTwin"/>, else compressed anew) and, with Brotli on, its <c>.br</c>.
/// Until a twin exists the edge serves the plain file (<c>gzip_static</c> falls back to it). Each twin is written
/// under a temporary name and renamed, so the edge never sees half of one.
/// </summary>
public static class ReleaseCompression
{
    /// <summary>Files a chunk: the release is held (<c>hold</c>) for one chunk at a time, so a new upload waits little.</summary>
    internal const int FilesPerChunk = 256;
    private const int BufferSize = 80 * 1024;

    /// <summary>
    /// Writes the twins of <paramref name="extracted"/> into <paramref name="releaseFolder"/>, reading the zip at
    /// <paramref name="zipPath"/>. Before each chunk it takes <paramref name="hold"/> (the site's lock, which deleting a
    /// release also takes) and stops when the release folder is gone. Returns the twins written.
    /// </summary>
    public static async Task<int> RunAsync(string zipPath, string releaseFolder, ExtractedRelease extracted, bool brotli,
        Func<CancellationToken, Task<IDisposable>> hold, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        ArgumentException.ThrowIfNullOrEmpty(releaseFolder);
        ArgumentNullException.ThrowIfNull(extracted);
        ArgumentNullException.ThrowIfNull(hold);
        var jobs = Jobs(extracted, brotli);
        if (jobs.Count == 0)
        {
            return 0;
        }
        using var zip = File.OpenHandle(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var written = 0;
        foreach (var chunk in jobs.Chunk(FilesPerChunk))
        {
            using (await hold(ct))
            {
                if (!Directory.Exists(releaseFolder))
                {
                    return written;
                }
                written += WriteChunk(zip, releaseFolder, chunk, ct);
            }
        }
        return written;
    }

    private static List<Job> Jobs(ExtractedRelease extracted, bool brotli)
    {
        var jobs = new List<Job>(extracted.TextFiles.Count * (brotli ? 2 : 1));
        jobs.AddRange(extracted.Twins.Select(twin => new Job(twin.RelativePath, twin, Brotli: false)));
        jobs.AddRange(extracted.TextFilesWithoutGzip.Select(path => new Job(path, null, Brotli: false)));
        if (brotli)
        {
            jobs.AddRange(extracted.TextFiles.Select(path => new Job(path, null, Brotli: true)));
        }
        return jobs;
    }

    private static int WriteChunk(Microsoft.Win32.SafeHandles.SafeFileHandle zip, string releaseFolder, Job[] chunk, CancellationToken ct)
    {
        var written = 0;
        try
        {
            var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.ForEach(chunk, parallel, job =>
            {
                if (Write(zip, Path.Combine(releaseFolder, job.RelativePath), job))
                {
                    Interlocked.Increment(ref written);
                }
            });
        }
        catch (AggregateException failure)
        {
            ExceptionDispatchInfo.Capture(failure.Flatten().InnerExceptions[0]).Throw();
        }
        return written;
    }

    private static bool Write(Microsoft.Win32.SafeHandles.SafeFileHandle zip, string path, Job job)
    {
        if (job.Brotli)
        {
            return Precompression.Brotli(new FileInfo(path)) > 0;
        }
        if (File.Exists(path + ".gz"))
        {
            return false;
        }
        if (job.Twin is { } twin)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                if (GzipTwin.TryWrite(zip, twin.LocalHeaderOffset, twin.File, path + ".gz", buffer))
                {
                    return true;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return Precompression.Gzip(new FileInfo(path)) > 0;
    }

    private sealed record Job(string RelativePath, PendingTwin? Twin, bool Brotli);
}
