using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DropIt.Panel.TestSupport;

/// <summary>A zip the panel must refuse, and a part of the message the user must see.</summary>
public sealed record HostileZip(string Name, byte[] Content, string ExpectedMessageFragment)
{
    public override string ToString() => Name;
}

/// <summary>
/// Builds static-site zips, good and hostile. Only the base class library is used, because the file is also
/// compiled into Panel.Core.Tests. Hostile zips are sized against the default limits (20,000 files, 2 GB, ratio 200).
/// </summary>
public static class HostileZips
{
    public const int DefaultMaxFiles = 20_000;
    public const string IndexHtml = "<!doctype html><title>Site</title><h1>Hello</h1>";

    private const int SymbolicLink = 0xA1FF;
    private const int Fifo = 0x11A4;
    private const int CharacterDevice = 0x21A4;
    private const uint CentralHeader = 0x02014B50;
    private const uint EndRecord = 0x06054B50;
    private static readonly DateTimeOffset Timestamp = new(2024, 1, 2, 3, 4, 6, TimeSpan.Zero);

    /// <summary>Every hostile zip, each with its own defect next to a valid index.html.</summary>
    public static IReadOnlyList<HostileZip> All() =>
    [
        new("parent-path", WithEntry("../evil.txt"), "unsafe path"),
        new("nested-parent-path", WithEntry("a/../../evil"), "unsafe path"),
        new("absolute-path", WithEntry("/etc/passwd"), "unsafe path"),
        new("drive-letter", WithEntry("C:/Windows/evil"), "unsafe path"),
        new("backslash", WithEntry("..\\evil"), "unsafe path"),
        new("control-character", WithEntry("evil\u0001.txt"), "unsafe path"),
        new("empty-segment", WithEntry("assets//evil.js"), "unsafe path"),
        new("symlink", WithEntry("passwd", "/etc/passwd", SymbolicLink), "symbolic link"),
        new("fifo", WithEntry("pipe", "", Fifo), "not a regular file"),
        new("character-device", WithEntry("null", "", CharacterDevice), "not a regular file"),
        new("duplicate-name", Zip(("index.html", IndexHtml), ("index.html", "<p>again</p>")), "more than once"),
        new("duplicate-after-nfc", Zip(("index.html", IndexHtml), ("caf\u00e9.html", "a"), ("cafe\u0301.html", "b")), "more than once"),
        new("file-and-folder", Zip(("index.html", IndexHtml), ("assets", "x"), ("assets/app.js", "y")), "more than once"),
        new("too-many-files", TooManyFiles(DefaultMaxFiles + 1), "StaticSites:MaxFiles"),
        new("too-many-bytes", DeclaredSize(1_200_000_000, 1_200_000_000), "StaticSites:MaxUncompressedBytes"),
        new("zip-bomb", Bomb(50), "zip bomb"),
        new("lying-header", LyingHeader(), "incomplete or damaged"),
        new("entry-data-cut", DeclaredSize(100_000), "incomplete or damaged"),
        new("encrypted", Encrypted(), "password-protected"),
        new("not-a-zip", Encoding.UTF8.GetBytes("<!doctype html><html><body>404 Not Found</body></html>"), "not a zip archive"),
        new("truncated", Truncated(), "incomplete or damaged"),
        new("no-index-html", Site(new Dictionary<string, string> { ["app.js"] = "console.log(1)" }), "No index.html"),
        new("nested-build-folder", Site(new Dictionary<string, string> { ["dist/index.html"] = IndexHtml }, "project"), "No index.html"),
        new("empty-zip", Zip(), "no files"),
    ];

    /// <summary>A site zip of <paramref name="files"/> (path to text), optionally all inside <paramref name="topFolder"/>.</summary>
    public static byte[] Site(IDictionary<string, string> files, string? topFolder = null) =>
        Zip(files.Select(file => (topFolder is null ? file.Key : $"{topFolder}/{file.Key}", file.Value)).ToArray());

    /// <summary>index.html and <paramref name="count"/> - 1 other small files.</summary>
    public static byte[] TooManyFiles(int count) =>
        Zip(Enumerable.Range(1, count).Select(n => n == 1 ? ("index.html", IndexHtml) : ($"f/{n}.txt", "")).ToArray());

    /// <summary>index.html and <paramref name="megabytes"/> MB of zeros, deflated about a thousand to one.</summary>
    public static byte[] Bomb(int megabytes) => Build([("index.html", Encoding.UTF8.GetBytes(IndexHtml), 0), ("zeros.js", new byte[megabytes * 1024 * 1024], 0)]);

    /// <summary>Builds a zip of text entries with ZipArchive, which writes any name it is given.</summary>
    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        Build(entries.Select(entry => (entry.Name, Encoding.UTF8.GetBytes(entry.Text), 0)).ToArray());

    private static byte[] WithEntry(string name, string text = "evil", int unixMode = 0) =>
        Build([("index.html", Encoding.UTF8.GetBytes(IndexHtml), 0), (name, Encoding.UTF8.GetBytes(text), unixMode)]);

    private static byte[] Build((string Name, byte[] Data, int UnixMode)[] entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data, unixMode) in entries)
            {
                var entry = archive.CreateEntry(name, data.Length > 0 ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                entry.LastWriteTime = Timestamp;
                if (unixMode != 0)
                {
                    entry.ExternalAttributes = unixMode << 16;
                }
                using var stream = entry.Open();
                stream.Write(data);
            }
        }
        return memory.ToArray();
    }

    /// <summary>A stored last entry whose header declares <paramref name="declared"/> bytes, far more than the file holds.</summary>
    private static byte[] DeclaredSize(params uint[] declared)
    {
        var entries = declared.Select((_, n) => ($"big{n}.bin", new byte[100], 0));
        var zip = Build([("index.html", Encoding.UTF8.GetBytes(IndexHtml), 0), .. entries]);
        for (var n = 0; n < declared.Length; n++)
        {
            Patch(zip, $"big{n}.bin", central =>
            {
                BinaryPrimitives.WriteUInt32LittleEndian(central[20..], declared[n]);
                BinaryPrimitives.WriteUInt32LittleEndian(central[24..], declared[n]);
            });
        }
        return zip;
    }

    /// <summary>10 MB of data whose header declares 1,000 bytes.</summary>
    private static byte[] LyingHeader()
    {
        var zip = Build([("index.html", Encoding.UTF8.GetBytes(IndexHtml), 0), ("app.js", new byte[10 * 1024 * 1024], 0)]);
        Patch(zip, "app.js", central => BinaryPrimitives.WriteUInt32LittleEndian(central[24..], 1_000));
        return zip;
    }

    private static byte[] Encrypted()
    {
        var zip = Build([("index.html", Encoding.UTF8.GetBytes(IndexHtml), 0)]);
        Patch(zip, "index.html", central => central[8] |= 1);
        return zip;
    }

    private static byte[] Truncated()
    {
        var files = Enumerable.Range(0, 20).ToDictionary(n => $"assets/{n}.js", n => string.Concat(Enumerable.Repeat($"export const v{n} = {n};\n", 50)));
        files["index.html"] = IndexHtml;
        var zip = Site(files);
        return zip[..(zip.Length / 2)];
    }

    /// <summary>Changes the central directory header of <paramref name="name"/> and the same fields of its local header.</summary>
    private static void Patch(byte[] zip, string name, SpanAction change)
    {
        var end = zip.Length - 22;
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end)) != EndRecord)
        {
            end--;
        }
        var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == CentralHeader)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            var next = at + 46 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30))
                + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            if (Encoding.UTF8.GetString(zip, at + 46, nameLength) == name)
            {
                change(zip.AsSpan(at, 46));
                // The local header holds the same fields from offset 6 (flags) to 26 (sizes), 2 bytes earlier.
                var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 42));
                zip.AsSpan(at + 8, 20).CopyTo(zip.AsSpan(local + 6));
                return;
            }
            at = next;
        }
        throw new ArgumentException($"No entry '{name}' in the zip.", nameof(name));
    }

    private delegate void SpanAction(Span<byte> central);
}
