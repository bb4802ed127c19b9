using System.IO.Compression;
using System.Security.Cryptography;
using DropIt.Panel.Core.StaticSites.Releases;

namespace DropIt.Panel.Core.Tests.StaticSites;

public sealed class PrecompressionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-precompress-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Run_TextAssets_WritesGzipThatDecompressesToTheOriginal()
    {
        var html = Write("index.html", SampleSite.Html("Home"));
        var script = Write("assets/app.JS", string.Concat(Enumerable.Repeat("console.log('hello');\n", 100)));

        var result = Precompression.Run(folder, brotli: false, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Files);
        Assert.Equal(new FileInfo(html).Length + new FileInfo(script).Length, result.OriginalBytes);
        Assert.Equal(new FileInfo(html + ".gz").Length + new FileInfo(script + ".gz").Length, result.GzipBytes);
        Assert.True(result.GzipBytes < result.OriginalBytes / 4);
        Assert.Equal(File.ReadAllBytes(html), Decompress(html + ".gz", stream => new GZipStream(stream, CompressionMode.Decompress)));
        Assert.Equal(File.ReadAllBytes(script), Decompress(script + ".gz", stream => new GZipStream(stream, CompressionMode.Decompress)));
        Assert.False(File.Exists(html + ".br"));
    }

    [Fact]
    public void Run_BinaryTinyAndIncompressibleFiles_GetNoGzip()
    {
        var image = Write("logo.png", new string('a', 10_000));
        var tiny = Write("tiny.js", new string('a', 255));
        var random = Path.Combine(folder, "random.txt");
        File.WriteAllBytes(random, RandomNumberGenerator.GetBytes(4096));

        var result = Precompression.Run(folder, brotli: true, TestContext.Current.CancellationToken);

        Assert.Equal(new PrecompressionResult(0, 0, 0), result);
        Assert.Equal([image, random, tiny], Directory.GetFiles(folder).Order());
    }

    [Fact]
    public void Run_WithBrotli_WritesBrotliThatDecompressesToTheOriginal()
    {
        var style = Write("site.css", string.Concat(Enumerable.Repeat("body { margin: 0; }\n", 100)));

        Precompression.Run(folder, brotli: true, TestContext.Current.CancellationToken);

        Assert.Equal(File.ReadAllBytes(style), Decompress(style + ".br", stream => new BrotliStream(stream, CompressionMode.Decompress)));
        Assert.True(File.Exists(style + ".gz"));
    }

    [Fact]
    public void Run_TextAsset_GzipKeepsTimestampAndIsReadableByOtherUsers()
    {
        var html = Write("index.html", SampleSite.Html("Home"));
        var timestamp = new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(html, timestamp);

        Precompression.Run(folder, brotli: true, TestContext.Current.CancellationToken);

        Assert.Equal(timestamp, File.GetLastWriteTimeUtc(html + ".gz"));
        Assert.Equal(timestamp, File.GetLastWriteTimeUtc(html + ".br"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixPermissions.ReadableFile, File.GetUnixFileMode(html + ".gz"));
            Assert.Equal(UnixPermissions.ReadableFile, File.GetUnixFileMode(html + ".br"));
        }
    }

    [Fact]
    public void Run_GzipThatCameWithTheUpload_IsLeftAlone()
    {
        Write("app.js", string.Concat(Enumerable.Repeat("let a = 1;\n", 100)));
        var uploaded = Write("app.js.gz", "uploaded");

        var result = Precompression.Run(folder, brotli: false, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Files);
        Assert.Equal("uploaded", File.ReadAllText(uploaded));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static byte[] Decompress(string path, Func<Stream, Stream> decompressor)
    {
        using var file = File.OpenRead(path);
        using var stream = decompressor(file);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
