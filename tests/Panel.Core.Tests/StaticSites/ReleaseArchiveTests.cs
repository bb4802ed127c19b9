using System.Runtime.Versioning;
using System.Security.Cryptography;
using DropIt.Panel.Core.StaticSites.Releases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Core.Tests.StaticSites;

public sealed class ReleaseArchiveTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-release-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Extract_ValidSite_WritesEveryFileWithItsContent()
    {
        var files = SampleSite.Files(25);

        var (result, target) = Extract(HostileZips.Site(files));

        Assert.Equal(new ExtractedRelease(25, files.Values.Sum(text => (long)text.Length), null), result);
        foreach (var (name, text) in files)
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(target, name)));
        }
        Assert.Equal(25, Directory.GetFiles(target, "*", SearchOption.AllDirectories).Count(path => !path.EndsWith(".gz", StringComparison.Ordinal)));
    }

    [Fact]
    public void Extract_DeflatedTextFiles_WritesNoTwinAndListsThemForLater()
    {
        var files = SampleSite.Files(25);

        var (result, target) = Extract(HostileZips.Site(files));

        Assert.Empty(Directory.GetFiles(target, "*.gz", SearchOption.AllDirectories));
        Assert.NotEmpty(result.Twins);
        Assert.Equal(result.TextFiles.Count, result.Twins.Count + result.TextFilesWithoutGzip.Count);
        Assert.All(result.TextFiles, path => Assert.True(File.Exists(Path.Combine(target, path)), path));
    }

    [Fact]
    public void Extract_SiteInsideDistFolder_UnwrapsTheFolder()
    {
        var (result, target) = Extract(HostileZips.Site(SampleSite.Files(5), topFolder: "dist"));

        Assert.Equal("dist", result.UnwrappedFolder);
        Assert.True(File.Exists(Path.Combine(target, "index.html")));
        Assert.True(File.Exists(Path.Combine(target, "assets", "1", "chunk-1.js")));
        Assert.False(Path.Exists(Path.Combine(target, "dist")));
    }

    [Fact]
    public void Extract_SingleFolderBesideRootIndex_IsNotUnwrapped()
    {
        var (result, target) = Extract(HostileZips.Zip(("index.html", "home"), ("assets/app.js", "app")));

        Assert.Null(result.UnwrappedFolder);
        Assert.Equal("app", File.ReadAllText(Path.Combine(target, "assets", "app.js")));
    }

    [Fact]
    public void Extract_FolderEntriesDotSegmentsAndMacMetadata_AreHandled()
    {
        var zip = HostileZips.Zip(
            ("dist/", ""), ("dist/empty/", ""), ("dist/./index.html", "home"), ("__MACOSX/dist/._index.html", "junk"));

        var (result, target) = Extract(zip);

        Assert.Equal(new ExtractedRelease(1, 4, "dist"), result);
        Assert.Equal("home", File.ReadAllText(Path.Combine(target, "index.html")));
        Assert.True(Directory.Exists(Path.Combine(target, "empty")));
        Assert.False(Path.Exists(Path.Combine(target, "__MACOSX")));
    }

    [Fact]
    public void Extract_NamesDifferingOnlyByCase_AreBothKept()
    {
        var (result, target) = Extract(HostileZips.Zip(("index.html", "home"), ("App.js", "upper"), ("app.js", "lower")));

        Assert.Equal(3, result.FileCount);
        Assert.Equal("upper", File.ReadAllText(Path.Combine(target, "App.js")));
        Assert.Equal("lower", File.ReadAllText(Path.Combine(target, "app.js")));
    }

    [Fact]
    public void Extract_ValidSite_KeepsEntryTimestamps()
    {
        var (_, target) = Extract(HostileZips.Site(SampleSite.Files(3)));

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 6, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(target, "index.html")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Extract_ValidSite_IsReadableByOtherUsers()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only.");
        var (_, target) = Extract(HostileZips.Site(SampleSite.Files(10)));

        Assert.Equal(UnixPermissions.ReadableFolder, File.GetUnixFileMode(target));
        Assert.All(Directory.GetDirectories(target, "*", SearchOption.AllDirectories),
            path => Assert.Equal(UnixPermissions.ReadableFolder, File.GetUnixFileMode(path)));
        Assert.All(Directory.GetFiles(target, "*", SearchOption.AllDirectories),
            path => Assert.Equal(UnixPermissions.ReadableFile, File.GetUnixFileMode(path)));
    }

    [Fact]
    public void Extract_ManyFilesInParallel_GivesTheSameBytesAsOneWorker()
    {
        var random = new Random(42);
        var files = Enumerable.Range(0, 600).ToDictionary(
            n => n == 0 ? "index.html" : $"assets/{n % 9}/file-{n}.bin",
            n => Convert.ToBase64String(RandomNumberGenerator.GetBytes(random.Next(0, 20_000))) + new string('x', n));
        var path = Save(HostileZips.Site(files, topFolder: "dist"));
        var one = Path.Combine(folder, "one");
        var four = Path.Combine(folder, "four");

        var sequential = ReleaseArchive.Extract(path, one, ReleaseLimits.Default, liveRelease: null, maxWorkers: 1, TestContext.Current.CancellationToken);
        var parallel = ReleaseArchive.Extract(path, four, ReleaseLimits.Default, liveRelease: null, maxWorkers: 4, TestContext.Current.CancellationToken);

        Assert.Equal(sequential, parallel);
        foreach (var (name, text) in files)
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(one, name)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, name)), File.ReadAllBytes(Path.Combine(four, name)));
        }
    }

    private (ExtractedRelease Result, string Target) Extract(byte[] zip)
    {
        var target = Path.Combine(folder, "release");
        var result = ReleaseArchive.Extract(Save(zip), target, ReleaseLimits.Default, TestContext.Current.CancellationToken);
        return (result, target);
    }

    private string Save(byte[] zip)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, zip);
        return path;
    }
}
