using System.Buffers.Binary;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>
/// Where the deflated data of each entry starts, read from the zip's own table of contents, so that a text file's
/// <c>.gz</c> twin can be the zip's deflate stream with a gzip header and trailer around it instead of a second
/// compression. Only a shortcut: an entry it cannot place (not deflated, zip64 sizes, anything that does not match what
/// <see cref="System.IO.Compression.ZipArchive"/> read) gets -1 and is compressed the usual way.
/// </summary>
internal static class DeflatedEntries
{
    private const uint CentralHeader = 0x02014B50;
    private const int CentralHeaderSize = 46;
    private const ushort Deflate = 8;
    private const uint Zip64Placeholder = uint.MaxValue;

    /// <summary>The local header offset of each deflated entry, by entry index; -1 where there is none to use.</summary>
    public static long[] Locate(FileStream zip, long directoryOffset, long directorySize, ReleasePlan plan)
    {
        var offsets = new long[plan.EntryCount];
        Array.Fill(offsets, -1L);
        if (directoryOffset <= 0 || directorySize <= 0 || directoryOffset > zip.Length - directorySize)
        {
            return offsets;
        }
        var handle = zip.SafeFileHandle;
        Span<byte> header = stackalloc byte[CentralHeaderSize];
        var at = directoryOffset;
        var end = directoryOffset + directorySize;
        var found = new (long Offset, uint Crc, long Compressed, long Length, ushort Method)[plan.EntryCount];
        for (var index = 0; index < plan.EntryCount; index++)
        {
            if (at > end - CentralHeaderSize || RandomAccess.Read(handle, header, at) < CentralHeaderSize
                || BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeader)
            {
                return offsets;
            }
            found[index] = (
                BinaryPrimitives.ReadUInt32LittleEndian(header[42..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[24..]),
                BinaryPrimitives.ReadUInt16LittleEndian(header[10..]));
            at += CentralHeaderSize + BinaryPrimitives.ReadUInt16LittleEndian(header[28..])
                + BinaryPrimitives.ReadUInt16LittleEndian(header[30..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        }
        foreach (var file in plan.Files)
        {
            var entry = found[file.Index];
            if (entry.Method == Deflate && entry.Offset != Zip64Placeholder && entry.Compressed != Zip64Placeholder
                && entry.Length != Zip64Placeholder && entry.Crc == file.Crc && entry.Compressed == file.CompressedLength
                && entry.Length == file.Length)
            {
                offsets[file.Index] = entry.Offset;
            }
        }
        return offsets;
    }
}
