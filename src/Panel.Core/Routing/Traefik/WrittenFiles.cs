using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// What the panel last wrote to each file of a dynamic folder: the file's inode, size, change time (ctime) and
/// modification time right after the write, and a hash of the content. A file whose stamp is still the same holds that
/// content, so an unchanged file is recognised from one <c>statx</c> instead of being read back. Any change to a file
/// (an edit in place, an editor's save-and-rename, even <c>touch</c> setting the old time back) sets its change time,
/// which user space cannot set, so it is read, compared and repaired as before. Shared by the writers of the process
/// (the panel makes one a reconcile); bounded by the files the folders hold. Linux only: elsewhere every file is read.
/// </summary>
internal static partial class WrittenFiles
{
    private const int CurrentFolder = -100; // AT_FDCWD
    private const uint BasicStats = 0x7FF; // STATX_BASIC_STATS
    private const int StatxSize = 256;
    private static readonly ConcurrentDictionary<string, Stamp> Known = new(StringComparer.Ordinal);

    /// <summary>The file's stamp now, or null when it does not exist.</summary>
    public static Stamp? Read(string path, byte[] content)
    {
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(0, info.Length, 0, 0, Hash(content), Trusted: false) : null;
        }
        var buffer = new byte[StatxSize];
        if (Statx(CurrentFolder, path, 0, BasicStats, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError() == 2 /* ENOENT */ ? null : new Stamp(0, 0, 0, 0, 0, Trusted: false);
        }
        var data = buffer.AsSpan();
        return new Stamp(
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(data[32..]),
            Length: BinaryPrimitives.ReadInt64LittleEndian(data[40..]),
            Changed: Nanoseconds(data[96..]),
            Modified: Nanoseconds(data[112..]),
            ContentHash: Hash(content),
            Trusted: true);
    }

    /// <summary>True when the file is as the panel last wrote it with this content: no need to read it.</summary>
    public static bool IsKnown(string path, Stamp now) => now.Trusted && Known.TryGetValue(path, out var known) && known == now;

    /// <summary>Remembers that the file holds <paramref name="content"/> (just written, or read back and compared).</summary>
    public static void Remember(string path, byte[] content, Stamp? now = null)
    {
        if ((now ?? Read(path, content)) is { Trusted: true } stamp)
        {
            Known[path] = stamp;
        }
    }

    public static void Forget(string path) => Known.TryRemove(path, out _);

    private static ulong Hash(byte[] content) => XxHash3.HashToUInt64(content);

    /// <summary>A <c>struct statx_timestamp</c>: seconds (64 bits) then nanoseconds (32 bits).</summary>
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, [Out] byte[] buffer);

    /// <summary>Inode, size, change and modification times (ns), the content's hash; untrusted when the system gave no stamp.</summary>
    public readonly record struct Stamp(ulong Inode, long Length, long Changed, long Modified, ulong ContentHash, bool Trusted);
}
