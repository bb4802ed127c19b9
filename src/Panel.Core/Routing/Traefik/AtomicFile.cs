using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Whole-file replacement that readers (Traefik) never see half done, a cheap "already up to date" check, and the
/// folder's own flush. A batch replaces its files one by one (each a temp file flushed to disk, then renamed over the
/// target) and ends with one <see cref="FlushFolder"/>, so the renames themselves survive a crash.
/// </summary>
internal static partial class AtomicFile
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    /// <summary>Temp file in the same folder, its data flushed, then renamed over the target: atomic for readers.</summary>
    /// <remarks>
    /// The data is flushed before the rename so a crash can leave the old content or the new, never an empty file: not
    /// every file system orders a rename after the data it replaces (XFS does not, ext4 only with auto_da_alloc).
    /// </remarks>
    public static async Task ReplaceAsync(string path, byte[] content, bool flushToDisk, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: false))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Flushes the folder's entries (the renames and deletions of a batch) to disk: one fsync of the directory. Only on
    /// Linux; elsewhere (development machines) it does nothing.
    /// </summary>
    /// <exception cref="IOException">The folder could not be opened or flushed.</exception>
    public static void FlushFolder(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var handle = Open(folder, ReadOnlyDirectory);
        if (handle < 0)
        {
            throw new IOException($"The folder {folder} could not be opened to flush it to disk (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(handle) != 0)
            {
                throw new IOException($"The folder {folder} could not be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(handle);
        }
    }

    public static async Task<bool> HasContentAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == content.Length
                && (await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(content);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int handle);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int handle);
}
