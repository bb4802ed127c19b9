using System.Runtime.InteropServices;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Reuses the live release's copy of a file the new upload did not change (decision 068): when the live release holds
/// a regular file at the same path whose length and CRC-32, computed from its bytes, are those the entry's header
/// declares, the new release gets a hard link to it (link(2)) instead of an inflated and written copy. Releases are
/// never written to after they are extracted, so the two share the file safely, and deleting either keeps the other's.
/// </summary>
internal static partial class UnchangedFiles
{
    /// <summary>Links <paramref name="target"/> to the live copy of <paramref name="file"/>; false when it differs or cannot be linked.</summary>
    public static bool TryLink(string liveRoot, string target, PlannedFile file, byte[] buffer)
    {
        var source = ExtractionRun.Inside(liveRoot, file.RelativePath, file.EntryName);
        try
        {
            var info = new FileInfo(source);
            if (!info.Exists || info.Attributes.HasFlag(FileAttributes.ReparsePoint) || info.Length != file.Length || Crc(source, buffer) != file.Crc)
            {
                return false;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // EXDEV, EMLINK, EPERM...: the file is written as usual.
        return Link(source, target) == 0;
    }

    private static uint Crc(string path, byte[] buffer)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var crc = new System.IO.Hashing.Crc32();
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            crc.Append(buffer.AsSpan(0, read));
        }
        return crc.GetCurrentHashAsUInt32();
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
