using System.IO.Compression;
using DropIt.Panel.Core.StaticSites.Releases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Core.Tests.StaticSites;

public sealed class ReleaseCompressionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-twins-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task RunAsync_DeflatedTextFiles_WritesTwinsFromTheZipThatGunzipToTheFile()
    {
        var (zip, target, extracted) = Extract(HostileZips.Site(SampleSite.Files(25)));

        var written = await ReleaseCompression.RunAsync(zip, target, extracted, brotli: false, Hold, TestContext.Current.CancellationToken);

        var twins = Directory.GetFiles(target, "*.gz", SearchOption.AllDirectories);
        Assert.Equal(extracted.TextFiles.Count, twins.Length);
        Assert.Equal(twins.Length, written);
        foreach (var twin in twins)
        {
            Assert.Equal(File.ReadAllBytes(twin[..^3]), Gunzip(twin));
            Assert.Equal(File.GetLastWriteTimeUtc(twin[..^3]), File.GetLastWriteTimeUtc(twin));
        }
        Assert.Empty(Directory.GetFiles(target, "*" + TwinFile.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RunAsync_StoredTextFiles_CompressesThemAnew()
    {
        var text = string.Concat(Enumerable.Repeat("<p>a stored page that compresses well</p>\n", 50));
        var (zip, target, extracted) = Extract(Stored("index.html", text));

        await ReleaseCompression.RunAsync(zip, target, extracted, brotli: false, Hold, TestContext.Current.CancellationToken);

        Assert.Empty(extracted.Twins);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), Gunzip(Path.Combine(target, "index.html.gz")));
    }

    [Fact]
    public async Task RunAsync_ReleaseDeletedBeforeAChunk_StopsAndWritesNothingMore()
    {
        var files = SampleSite.Files(ReleaseCompression.FilesPerChunk * 2);
        var (zip, target, extracted) = Extract(HostileZips.Site(files));
        var chunks = 0;

        // What deleting the release does while holding the site's lock: here, between the first chunk and the second.
        var written = await ReleaseCompression.RunAsync(zip, target, extracted, brotli: false, ct =>
        {
            if (++chunks == 2)
            {
                Directory.Delete(target, recursive: true);
            }
            return Hold(ct);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks);
        Assert.Equal(ReleaseCompression.FilesPerChunk, written);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task RunAsync_TwinAlreadyThere_LeavesItAlone()
    {
        var (zip, target, extracted) = Extract(HostileZips.Site(SampleSite.Files(3)));
        var first = Path.Combine(target, extracted.Twins[0].RelativePath) + ".gz";
        File.WriteAllText(first, "written meanwhile");

        await ReleaseCompression.RunAsync(zip, target, extracted, brotli: false, Hold, TestContext.Current.CancellationToken);

        Assert.Equal("written meanwhile", File.ReadAllText(first));
    }

    private static Task<IDisposable> Hold(CancellationToken ct) => Task.FromResult<IDisposable>(new Held());

    private (string Zip, string Target, ExtractedRelease Extracted) Extract(byte[] zip)
    {
        var path = Path.Combine(folder, "upload.zip");
        File.WriteAllBytes(path, zip);
        var target = Path.Combine(folder, "release");
        return (path, target, ReleaseArchive.Extract(path, target, ReleaseLimits.Default, TestContext.Current.CancellationToken));
    }

    private static byte[] Stored(string name, string text)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
            entry.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return memory.ToArray();
    }

    private static byte[] Gunzip(string path)
    {
        using var gunzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var content = new MemoryStream();
        gunzip.CopyTo(content);
        return content.ToArray();
    }

    private sealed class Held : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
