using System.Buffers.Binary;

namespace DropIt.Panel.Core.StaticSites.Releases;

/// <summary>The CRC-32 of zip entries (IEEE 802.3, reflected), table-driven, eight bytes at a time.</summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> (0 for none yet) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        var c = ~crc;
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = table[1792 + (one & 0xFF)] ^ table[1536 + ((one >> 8) & 0xFF)]
                ^ table[1280 + ((one >> 16) & 0xFF)] ^ table[1024 + (one >> 24)]
                ^ table[768 + (two & 0xFF)] ^ table[512 + ((two >> 8) & 0xFF)]
                ^ table[256 + ((two >> 16) & 0xFF)] ^ table[two >> 24];
            data = data[8..];
        }
        foreach (var b in data)
        {
            c = table[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        for (var i = 256; i < table.Length; i++)
        {
            var previous = table[i - 256];
            table[i] = (previous >> 8) ^ table[previous & 0xFF];
        }
        return table;
    }
}
