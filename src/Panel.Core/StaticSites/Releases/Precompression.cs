using System.Collections.Frozen;
using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>What <see cref="Precompression.Run(string, bool, CancellationToken)"/> wrote.</summary>
/// <param name="Files">Files that got a .gz next to them.</param>
/// <param name="OriginalBytes">Size of those files.</param>
/// <param name="GzipBytes">Size of their .gz files.</param>
public sealed record PrecompressionResult(int Files, long OriginalBytes, long GzipBytes);

/// <summary>Writes <c>file.gz</c> (and <c>file.br</c>) next to the text assets of a release, for nginx's gzip_static and brotli_static.</summary>
public static class Precompression
{
    private const int MinBytes = 256;
    private const int BufferSize = 80 * 1024;

    private static readonly FrozenSet<string> TextExtensions = new[]
    {
        ".html", ".htm", ".css", ".js", ".mjs", ".cjs", ".json", ".map", ".svg", ".xml", ".txt",
        ".wasm", ".webmanifest", ".ico", ".ttf", ".otf",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly ZLibCompressionOptions GzipOptions = new() { CompressionLevel = 6 };
    private static readonly BrotliCompressionOptions BrotliOptions = new() { Quality = 5 };

    /// <summary>
    /// Compresses every text asset of at least 256 bytes under <paramref name="directory"/>, in parallel. A compressed
    /// file is kept only if smaller than the original; one that came with the upload is left alone.
    /// </summary>
    public static PrecompressionResult Run(string directory, bool brotli, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var candidates = new DirectoryInfo(directory).EnumerateFiles("*", options)
            .Where(file => IsCandidate(file.Name, file.Length))
            .ToList();
        return Run(candidates, brotli, ct);
    }

    /// <summary>The same for the given files only (full paths), as <see cref="ExtractedRelease.TextFiles"/> lists them.</summary>
    public static PrecompressionResult Run(IEnumerable<string> paths, bool brotli, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Run(paths.Select(path => new FileInfo(path)).ToList(), brotli, ct);
    }

    private static PrecompressionResult Run(List<FileInfo> candidates, bool brotli, CancellationToken ct)
    {
        var files = 0;
        long originalBytes = 0, gzipBytes = 0;
        try
        {
            var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.ForEach(candidates, parallel, file =>
            {
                var gzip = Gzip(file);
                if (gzip > 0)
                {
                    Interlocked.Increment(ref files);
                    Interlocked.Add(ref originalBytes, file.Length);
                    Interlocked.Add(ref gzipBytes, gzip);
                }
                if (brotli)
                {
                    Brotli(file);
                }
            });
        }
        catch (AggregateException failure)
        {
            ExceptionDispatchInfo.Capture(failure.Flatten().InnerExceptions[0]).Throw();
        }
        return new PrecompressionResult(files, originalBytes, gzipBytes);
    }

    /// <summary>True for a text asset large enough to be worth a compressed twin.</summary>
    internal static bool IsCandidate(string name, long length) => length >= MinBytes && TextExtensions.Contains(Path.GetExtension(name));

    /// <summary>
    /// Writes the compressed copy under a temporary name, renamed into place only when kept, and returns its length,
    /// or 0 when it was not kept (or one exists already).
    /// </summary>
    internal static long Compress(FileInfo file, string suffix, Func<Stream, Stream> compressor)
    {
        var target = file.FullName + suffix;
        if (File.Exists(target))
        {
            return 0;
        }
        var temporary = TwinFile.TemporaryName(target);
        try
        {
            long length;
            using (var output = new FileStream(temporary, UnixPermissions.NewFile()))
            {
                using (var source = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0))
                using (var compressing = compressor(output))
                {
                    source.CopyTo(compressing, BufferSize);
                }
                length = output.Length;
                if (length >= file.Length)
                {
                    return 0;
                }
                UnixPermissions.SetFile(output.SafeFileHandle);
                File.SetLastWriteTimeUtc(output.SafeFileHandle, file.LastWriteTimeUtc);
            }
            // Not over a twin written meanwhile (one that came with the upload is never replaced).
            File.Move(temporary, target, overwrite: false);
            return length;
        }
        catch (IOException) when (File.Exists(target))
        {
            return 0;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    internal static long Gzip(FileInfo file) => Compress(file, ".gz", output => new GZipStream(output, GzipOptions, leaveOpen: true));

    internal static long Brotli(FileInfo file) => Compress(file, ".br", output => new BrotliStream(output, BrotliOptions, leaveOpen: true));
}
