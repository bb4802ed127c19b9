using System.Buffers;
using System.IO.Compression;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Writes the planned files, shared by the extraction workers. Declared sizes are not trusted: bytes are counted
/// as they are written, and each file's CRC-32 is checked against its header. Only the files are written: the
/// compressed twins are listed for <see cref="ReleaseCompression"/>, which writes them once the release is live (a
/// deflated text file's <c>.gz</c> from the same deflate stream, <see cref="GzipTwin"/>, unless the upload brings one).
/// A file the live release (<paramref name="liveRoot"/>) holds unchanged is linked to it, not written (<see cref="UnchangedFiles"/>).
/// </summary>
internal sealed class ExtractionRun(string root, ReleasePlan plan, ReleaseLimits limits, long[] deflatedOffsets, string? liveRoot)
{
    private const int BufferSize = 80 * 1024;
    private readonly HashSet<string> _paths = plan.Files.Select(file => file.RelativePath).ToHashSet(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _text = new(), _textWithoutGzip = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingTwin> _twins = new();
    private int _next = -1, _linked;
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Files linked to the live release's unchanged copy.</summary>
    public int Linked => Volatile.Read(ref _linked);

    public IReadOnlyList<string> TextFiles => [.. _text];

    public IReadOnlyList<string> TextFilesWithoutGzip => [.. _textWithoutGzip];

    public IReadOnlyList<PendingTwin> Twins => [.. _twins];

    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="root"/>; throws UnsafePath if it would leave it.</summary>
    public static string Inside(string root, string relativePath, string entryName)
    {
        var path = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Rejections.UnsafePath(entryName, "the path leads outside the release folder");
        }
        return path;
    }

    /// <summary>
    /// Takes files from the shared queue until none are left, reading them through <paramref name="archive"/>.
    /// </summary>
    public void Work(ZipArchive archive, CancellationToken ct)
    {
        var entries = archive.Entries;
        if (entries.Count != plan.EntryCount)
        {
            throw Rejections.Damaged("the zip changed while it was being read");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int next;
            while ((next = Interlocked.Increment(ref _next)) < plan.Files.Count)
            {
                ct.ThrowIfCancellationRequested();
                var file = plan.Files[next];
                Write(entries[file.Index], file, buffer, ct);
                if (!Precompression.IsCandidate(file.RelativePath, file.Length))
                {
                    continue;
                }
                _text.Enqueue(file.RelativePath);
                if (WantsTwin(file))
                {
                    _twins.Enqueue(new PendingTwin(file.RelativePath, deflatedOffsets[file.Index], file));
                }
                else
                {
                    _textWithoutGzip.Enqueue(file.RelativePath);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool WantsTwin(PlannedFile file) => deflatedOffsets[file.Index] >= 0 && file.CompressedLength < file.Length
        && !_paths.Contains(file.RelativePath + ".gz");

    /// <summary>Writes one file.</summary>
    private void Write(ZipArchiveEntry entry, PlannedFile file, byte[] buffer, CancellationToken ct)
    {
        if (entry.FullName != file.EntryName)
        {
            throw Rejections.Damaged("the zip changed while it was being read");
        }
        var path = Inside(root, file.RelativePath, file.EntryName);
        if (liveRoot is not null && UnchangedFiles.TryLink(liveRoot, path, file, buffer))
        {
            if (Interlocked.Add(ref _bytes, file.Length) > limits.MaxUncompressedBytes)
            {
                throw Rejections.TooManyBytes(limits.MaxUncompressedBytes);
            }
            Interlocked.Increment(ref _linked);
            return;
        }
        using var output = new FileStream(path, UnixPermissions.NewFile());
        using var input = Open(entry, file);
        long written = 0;
        var crc = new System.IO.Hashing.Crc32();
        int read;
        while ((read = Read(input, buffer, file)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            written += read;
            CheckGrowth(file, written, Interlocked.Add(ref _bytes, read));
            crc.Append(buffer.AsSpan(0, read));
            output.Write(buffer, 0, read);
        }
        if (written != file.Length)
        {
            throw Rejections.Damaged($"the data of '{Rejections.Shown(file.EntryName)}' ends early");
        }
        if (crc.GetCurrentHashAsUInt32() != file.Crc)
        {
            throw Rejections.Damaged($"the data of '{Rejections.Shown(file.EntryName)}' does not match its checksum");
        }
        UnixPermissions.SetFile(output.SafeFileHandle);
        File.SetLastWriteTimeUtc(output.SafeFileHandle, file.LastWriteUtc);
    }

    private void CheckGrowth(PlannedFile file, long written, long total)
    {
        if (total > limits.MaxUncompressedBytes)
        {
            throw Rejections.TooManyBytes(limits.MaxUncompressedBytes);
        }
        if (ReleasePlan.ExceedsRatio(written, file.CompressedLength, limits.MaxCompressionRatio))
        {
            throw Rejections.CompressionRatio(file.EntryName, limits.MaxCompressionRatio);
        }
        if (written > file.Length)
        {
            throw Rejections.Damaged($"'{Rejections.Shown(file.EntryName)}' holds more data than its header declares");
        }
    }

    private static Stream Open(ZipArchiveEntry entry, PlannedFile file)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException exception)
        {
            throw Rejections.Damaged($"'{Rejections.Shown(file.EntryName)}' cannot be read ({exception.Message})", exception);
        }
    }

    private static int Read(Stream input, byte[] buffer, PlannedFile file)
    {
        try
        {
            return input.Read(buffer, 0, BufferSize);
        }
        catch (InvalidDataException exception)
        {
            throw Rejections.Damaged($"'{Rejections.Shown(file.EntryName)}' cannot be read ({exception.Message})", exception);
        }
    }
}
