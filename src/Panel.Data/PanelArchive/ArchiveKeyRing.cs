using System.Buffers.Binary;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DropIt.Panel.Data.Protection;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// The key ring and the master key of an archive, kept aside while the archive is checked, so that a restore can
/// tell before it changes anything whether the master key it has decrypts the key ring it would restore.
/// </summary>
internal sealed class ArchiveKeyRing
{
    private static readonly byte[] CopySignature = [.. "PGCOPY\n"u8, 0xFF, (byte)'\r', (byte)'\n', 0];

    private byte[]? copy;

    /// <summary>The archive's <c>master.key</c> entry, when it has one.</summary>
    public MasterKey? IncludedKey { get; private set; }

    public bool Captures(string entryName) =>
        entryName is ArchiveLayout.MasterKey || entryName == ArchiveLayout.TableEntry(ArchiveLayout.KeyRingTable);

    /// <summary>Keeps the entry's data and returns it as a stream to read on.</summary>
    public async Task<Stream> CaptureAsync(string entryName, Stream data, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        await data.CopyToAsync(memory, cancellationToken);
        if (entryName == ArchiveLayout.MasterKey)
        {
            IncludedKey = MasterKey.FromBase64(Encoding.UTF8.GetString(memory.ToArray()))
                ?? throw ArchiveCheck.Damaged($"its {ArchiveLayout.MasterKey} is not a master key");
        }
        else
        {
            copy = memory.ToArray();
        }

        memory.Position = 0;
        return memory;
    }

    /// <summary>Each key of the ring as XML, read from the table's binary COPY data with the columns the manifest lists.</summary>
    public IReadOnlyList<XElement> Keys(BackupManifest manifest)
    {
        var table = manifest.Tables.FirstOrDefault(t => t.Name == ArchiveLayout.KeyRingTable);
        var column = table?.Columns.ToList().IndexOf("Xml") ?? -1;
        if (copy is null || column < 0)
        {
            return [];
        }

        try
        {
            return [.. ReadColumn(copy, column).OfType<string>().Select(XElement.Parse)];
        }
        catch (Exception e) when (e is XmlException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw ArchiveCheck.Damaged($"its key ring cannot be read ({e.Message})", e);
        }
    }

    /// <summary>One column of every row of PostgreSQL's binary COPY format (signature, flags, header extension, then rows).</summary>
    private static IEnumerable<string?> ReadColumn(byte[] data, int column)
    {
        if (!data.AsSpan().StartsWith(CopySignature))
        {
            throw new ArgumentOutOfRangeException(nameof(data), "not in binary COPY format");
        }

        var position = CopySignature.Length + 4;
        position += 4 + BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(position));
        var values = new List<string?>();
        while (true)
        {
            var fields = BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(position));
            position += 2;
            if (fields < 0)
            {
                return values;
            }

            for (var field = 0; field < fields; field++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(position));
                position += 4;
                if (field == column)
                {
                    values.Add(length < 0 ? null : Encoding.UTF8.GetString(data, position, length));
                }

                position += Math.Max(length, 0);
            }
        }
    }
}
