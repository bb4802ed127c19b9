using System.Buffers.Binary;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Looks at a zip file's first bytes and at its end record before <see cref="System.IO.Compression.ZipArchive"/>
/// reads it, because ZipArchive loads every entry of the table of contents into memory.
/// </summary>
internal static class ZipEndRecord
{
    private const uint LocalHeader = 0x04034B50;
    private const uint EndRecord = 0x06054B50;
    private const uint Zip64EndRecord = 0x06064B50;
    private const uint Zip64Locator = 0x07064B50;
    private const int EndRecordSize = 22;
    private const int Zip64LocatorSize = 20;
    private const int MaxCommentSize = ushort.MaxValue;
    private const int MinCentralHeaderSize = 46;

    /// <summary>
    /// Refuses files that do not start like a zip, or that announce far more entries than the limits allow. Returns where
    /// the table of contents starts and its size as the end record announces them (zeros when there is none).
    /// </summary>
    public static (long Offset, long Size) Check(FileStream zip, ReleaseLimits limits)
    {
        Span<byte> head = stackalloc byte[4];
        zip.Position = 0;
        if (zip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
        {
            throw Rejections.NotAZip();
        }
        var signature = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (signature is not LocalHeader and not EndRecord)
        {
            throw Rejections.NotAZip();
        }
        var (entries, directorySize, directoryOffset) = ReadCounts(zip);
        if (entries > directorySize / MinCentralHeaderSize)
        {
            throw Rejections.Truncated();
        }
        // Folder entries count too, so allow as many of them as files.
        if (entries > 2L * limits.MaxFiles)
        {
            throw Rejections.TooManyFiles(limits.MaxFiles);
        }
        return (directoryOffset, directorySize);
    }

    /// <summary>
    /// The entry count and table-of-contents size the end record announces, or zeros when there is no end record
    /// (ZipArchive then refuses the file).
    /// </summary>
    private static (long Entries, long DirectorySize, long DirectoryOffset) ReadCounts(FileStream zip)
    {
        var tailLength = (int)Math.Min(zip.Length, EndRecordSize + MaxCommentSize + Zip64LocatorSize);
        var tail = new byte[tailLength];
        zip.Position = zip.Length - tailLength;
        zip.ReadExactly(tail);
        for (var at = tailLength - EndRecordSize; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndRecord)
            {
                continue;
            }
            long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 16));
            if (at >= Zip64LocatorSize && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - Zip64LocatorSize)) == Zip64Locator)
            {
                var zip64 = ReadZip64Counts(zip, BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(at - Zip64LocatorSize + 8)));
                // Where the end record holds a placeholder, the zip64 record holds the value.
                entries = entries == ushort.MaxValue ? zip64.Entries : entries;
                size = size == uint.MaxValue ? zip64.DirectorySize : size;
                offset = offset == uint.MaxValue ? zip64.DirectoryOffset : offset;
            }
            return (entries, size, offset);
        }
        return (0, 0, 0);
    }

    private static (long Entries, long DirectorySize, long DirectoryOffset) ReadZip64Counts(FileStream zip, ulong offset)
    {
        Span<byte> record = stackalloc byte[56];
        if (zip.Length < record.Length || offset > (ulong)(zip.Length - record.Length))
        {
            return (0, 0, 0);
        }
        zip.Position = (long)offset;
        zip.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndRecord)
        {
            return (0, 0, 0);
        }
        return (Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[32..])), Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[40..])),
            Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[48..])));
    }

    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
