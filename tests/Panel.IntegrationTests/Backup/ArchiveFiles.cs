using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>Reads an archive as tar and gzip see it, and makes damaged or altered copies of it.</summary>
internal static class ArchiveFiles
{
    /// <summary>Each entry as "name type [-> link]".</summary>
    public static List<string> List(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            entries.Add(entry.EntryType == TarEntryType.SymbolicLink ? $"{entry.Name} -> {entry.LinkName}" : $"{entry.Name} {entry.EntryType}");
        }

        return entries;
    }

    /// <summary>The archive as tar bytes (gzip undone), read as text: what anyone holding the file can search.</summary>
    public static string PlainText(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return System.Text.Encoding.Latin1.GetString(tar.ToArray());
    }

    public static JsonObject Manifest(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var first = tar.GetNextEntry(copyData: true)!;
        return JsonNode.Parse(first.DataStream!)!.AsObject();
    }

    /// <summary>"Table rows" as the manifest announces them, sorted by table name.</summary>
    public static List<string> ManifestCounts(string archive) =>
        [.. Manifest(archive)["tables"]!.AsArray()
            .Select(t => $"{t!["name"]!.GetValue<string>()} {t["rows"]!.GetValue<long>()}")
            .Order(StringComparer.Ordinal)];

    /// <summary>The first <paramref name="fraction"/> of the file, as a copy cut short leaves it; written into <paramref name="folder"/>.</summary>
    public static string Truncated(string archive, double fraction, string folder)
    {
        var bytes = File.ReadAllBytes(archive);
        var copy = Path.Combine(folder, "panel.tar.gz");
        File.WriteAllBytes(copy, bytes[..(int)(bytes.Length * fraction)]);
        return copy;
    }

    /// <summary>The same length with a run of bytes in the middle inverted, as a bad disk leaves it.</summary>
    public static string Corrupted(string archive, string folder)
    {
        var bytes = File.ReadAllBytes(archive);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] ^= 0xFF;
        }

        var copy = Path.Combine(folder, "panel.tar.gz");
        File.WriteAllBytes(copy, bytes);
        return copy;
    }

    /// <summary>A copy whose manifest was changed by <paramref name="change"/>; every other entry as it was.</summary>
    public static string WithManifest(string archive, Action<JsonObject> change, string folder)
    {
        var copy = Path.Combine(folder, "panel.tar.gz");
        using var input = File.OpenRead(archive);
        using var gunzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new TarReader(gunzip);
        using var output = File.Create(copy);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.Name == "manifest.json")
            {
                var manifest = JsonNode.Parse(entry.DataStream!)!.AsObject();
                change(manifest);
                entry.DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest));
            }

            writer.WriteEntry(entry);
        }

        return copy;
    }
}
