using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Writes <c>file.gz</c> from a zip entry's deflate stream as it is in the zip: a gzip file is that same stream between
/// a 10-byte header and a trailer of the CRC-32 and length, both already checked against the extracted file. No
/// second compression and no second read of the file. Written to a temporary name and renamed, so a reader (the
/// edge's <c>gzip_static</c>) sees no twin or a whole one.
/// </summary>
internal static class GzipTwin
{
    private const uint LocalHeader = 0x04034B50;
    private const int LocalHeaderSize = 30;
    private const byte UnixOs = 3;

    /// <summary>Writes the twin and returns true, or false (writing nothing) when the local header does not lead to the data.</summary>
    public static bool TryWrite(SafeFileHandle zip, long localHeaderOffset, PlannedFile file, string path, byte[] buffer)
    {
        var temporary = TwinFile.TemporaryName(path);
        try
        {
            if (!TryWriteTo(zip, localHeaderOffset, file, temporary, buffer))
            {
                return false;
            }
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool TryWriteTo(SafeFileHandle zip, long localHeaderOffset, PlannedFile file, string path, byte[] buffer)
    {
        Span<byte> local = stackalloc byte[LocalHeaderSize];
        if (RandomAccess.Read(zip, local, localHeaderOffset) < LocalHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader)
        {
            return false;
        }
        var start = localHeaderOffset + LocalHeaderSize + BinaryPrimitives.ReadUInt16LittleEndian(local[26..])
            + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        if (start > RandomAccess.GetLength(zip) - file.CompressedLength)
        {
            return false;
        }
        using var output = new FileStream(path, UnixPermissions.NewFile());
        Span<byte> header = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, UnixOs];
        output.Write(header);
        var at = start;
        var left = file.CompressedLength;
        while (left > 0)
        {
            var read = RandomAccess.Read(zip, buffer.AsSpan(0, (int)Math.Min(buffer.Length, left)), at);
            if (read <= 0)
            {
                throw Rejections.Damaged($"the data of '{Rejections.Shown(file.EntryName)}' ends early");
            }
            output.Write(buffer, 0, read);
            at += read;
            left -= read;
        }
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, file.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)file.Length));
        output.Write(trailer);
        UnixPermissions.SetFile(output.SafeFileHandle);
        File.SetLastWriteTimeUtc(output.SafeFileHandle, file.LastWriteUtc);
        return true;
    }
}
