using System.IO.Compression;
using System.Text;

namespace DropIt.Panel.Bench;

/// <summary>One file of a generated site: its path in the zip, its bytes, and whether it is stored rather than deflated.</summary>
internal sealed record SiteFile(string Path, byte[] Content, bool Stored);

/// <summary>
/// Static sites generated from a fixed seed, zipped as a front-end build would be. The site: 5,000 files, 60 % text
/// (.js, .css, .html of made-up code and prose: repeated identifiers, random names and numbers, about 3× deflate)
/// deflated, 40 % random binary (.png, .woff2) stored, <c>index.html</c> at the root, the rest under <c>assets/</c> and
/// <c>docs/</c> in nested folders. The large zip: incompressible stored entries written straight to a file.
/// </summary>
internal static class SiteZips
{
    public const string IndexPath = "index.html";
    public const int SiteFiles = 5_000;
    private const int Seed = 20_260_401;
    private const int JsFiles = 1_800, CssFiles = 700, PageFiles = 499, PngFiles = 1_600, FontFiles = 400;
    private const int TextAverageBytes = 10 * 1024, PngAverageBytes = 5 * 1024, FontAverageBytes = 6 * 1024;
    private static readonly DateTimeOffset Timestamp = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Every file of the site but <c>index.html</c>, which carries a release marker (see <see cref="Zip"/>). Another
    /// <paramref name="variant"/> gives a site of the same shape whose every file has another name and content.
    /// </summary>
    public static IReadOnlyList<SiteFile> Site(int variant = 0)
    {
        var random = new Random(Seed + variant);
        var text = new SiteText(random);
        var files = new List<SiteFile>(SiteFiles);
        for (var i = 0; i < JsFiles; i++)
        {
            files.Add(Text($"assets/js/{i % 16:00}/chunk-{i:0000}-{Hash(random)}.js", text.Script(Size(random, TextAverageBytes))));
        }

        for (var i = 0; i < CssFiles; i++)
        {
            files.Add(Text($"assets/css/{i % 8:00}/style-{i:0000}-{Hash(random)}.css", text.Styles(Size(random, TextAverageBytes))));
        }

        for (var i = 0; i < PageFiles; i++)
        {
            files.Add(Text($"docs/section-{i % 20:00}/topic-{i % 3}/page-{i:0000}.html", text.Page(Size(random, TextAverageBytes))));
        }

        for (var i = 0; i < PngFiles; i++)
        {
            files.Add(Binary($"assets/img/{i % 10:00}/{i / 10 % 4}/image-{i:0000}-{Hash(random)}.png", random, Size(random, PngAverageBytes)));
        }

        for (var i = 0; i < FontFiles; i++)
        {
            files.Add(Binary($"assets/fonts/{i % 4:00}/font-{i:0000}-{Hash(random)}.woff2", random, Size(random, FontAverageBytes)));
        }

        return files;
    }

    /// <summary>The page a release serves at <c>/</c>: it names <paramref name="marker"/> so the edge check knows which release answered.</summary>
    public static string IndexHtml(string marker) =>
        $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="dropit-bench-release" content="{marker}">
          <title>Bench site</title>
        </head>
        <body>
          <main id="root" data-release="{marker}">Release {marker}</main>
        </body>
        </html>

        """;

    /// <summary>The site as a zip: <c>index.html</c> naming <paramref name="marker"/>, then <paramref name="files"/>.</summary>
    public static byte[] Zip(IReadOnlyList<SiteFile> files, string marker)
    {
        using var buffer = new MemoryStream(24 * 1024 * 1024);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, Text(IndexPath, IndexHtml(marker)));
            foreach (var file in files)
            {
                Add(archive, file);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Writes a zip of about <paramref name="bytes"/> of random content in stored entries of <paramref name="fileBytes"/>
    /// each (plus <c>index.html</c>) to <paramref name="path"/>, one buffer at a time. Returns the number of files.
    /// </summary>
    public static int WriteLarge(string path, long bytes, int fileBytes, string marker)
    {
        var random = new Random(Seed + 1);
        var content = new byte[fileBytes];
        var count = (int)(bytes / fileBytes);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1024 * 1024);
        using var archive = new ZipArchive(output, ZipArchiveMode.Create);
        Add(archive, Text(IndexPath, IndexHtml(marker)));
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(content);
            var entry = archive.CreateEntry($"assets/media/{i / 100:00}/blob-{i:0000}.png", CompressionLevel.NoCompression);
            entry.LastWriteTime = Timestamp;
            using var stream = entry.Open();
            stream.Write(content);
        }

        return count + 1;
    }

    private static void Add(ZipArchive archive, SiteFile file)
    {
        var entry = archive.CreateEntry(file.Path, file.Stored ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
        entry.LastWriteTime = Timestamp;
        using var stream = entry.Open();
        stream.Write(file.Content);
    }

    private static SiteFile Text(string path, string content) => new(path, Encoding.UTF8.GetBytes(content), Stored: false);

    private static SiteFile Binary(string path, Random random, int size)
    {
        var content = new byte[size];
        random.NextBytes(content);
        return new SiteFile(path, content, Stored: true);
    }

    /// <summary>Between a quarter of <paramref name="average"/> and 1.75 times it, evenly: the mean is <paramref name="average"/>.</summary>
    private static int Size(Random random, int average) => (average / 4) + random.Next(average * 3 / 2 + 1);

    private static string Hash(Random random) => SiteText.Word(random, 8, 8);
}
