using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using DropIt.Panel.Core.StaticSites.Releases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Core.Tests.StaticSites;

/// <summary>A new release shares the live release's copy of each file the upload did not change (decision 068).</summary>
public sealed class ReleaseReuseTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-reuse-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Extract_OverALiveRelease_LinksUnchangedFilesAndWritesChangedOnes()
    {
        var live = First(("index.html", "home v1"), ("assets/app.js", "same script"), ("assets/site.css", "body{color:red}"));

        var result = Extract("next", live, ("index.html", "home v2"), ("assets/app.js", "same script"), ("assets/site.css", "body{color:tan}"),
            ("assets/new.js", "new"));

        var next = Path.Combine(folder, "next");
        Assert.Equal(1, result.LinkedFiles);
        Assert.Equal(4, result.FileCount);
        Assert.Equal(await InodeAsync(Path.Combine(live, "assets", "app.js")), await InodeAsync(Path.Combine(next, "assets", "app.js")));
        // Same length, other bytes: its CRC-32 differs, so it is written, not shared.
        Assert.NotEqual(await InodeAsync(Path.Combine(live, "assets", "site.css")), await InodeAsync(Path.Combine(next, "assets", "site.css")));
        Assert.Equal("body{color:tan}", File.ReadAllText(Path.Combine(next, "assets", "site.css")));
        Assert.Equal("home v2", File.ReadAllText(Path.Combine(next, "index.html")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(next, "assets", "new.js")));
        Assert.Equal(UnixPermissions.ReadableFile, File.GetUnixFileMode(Path.Combine(next, "assets", "app.js")));
    }

    [Fact]
    public void Extract_LiveReleaseDeletedAfterwards_TheNewReleaseKeepsEveryFile()
    {
        var live = First(("index.html", "home"), ("assets/app.js", "shared script"));
        var result = Extract("next", live, ("index.html", "home"), ("assets/app.js", "shared script"));

        Directory.Delete(live, recursive: true);

        Assert.Equal(2, result.LinkedFiles);
        Assert.Equal("shared script", File.ReadAllText(Path.Combine(folder, "next", "assets", "app.js")));
        Assert.Equal("home", File.ReadAllText(Path.Combine(folder, "next", "index.html")));
    }

    [Fact]
    public void Extract_LiveFileAlteredOnDisk_IsNotShared()
    {
        var live = First(("index.html", "home"), ("assets/app.js", "original"));
        File.WriteAllText(Path.Combine(live, "assets", "app.js"), "tampered");

        var result = Extract("next", live, ("index.html", "home"), ("assets/app.js", "original"));

        Assert.Equal(1, result.LinkedFiles);
        Assert.Equal("original", File.ReadAllText(Path.Combine(folder, "next", "assets", "app.js")));
    }

    [Fact]
    public void Extract_LiveFileReplacedByASymbolicLink_IsNotFollowed()
    {
        var live = First(("index.html", "home"), ("assets/app.js", "original"));
        var outside = Path.Combine(folder, "outside.js");
        File.WriteAllText(outside, "original");
        File.Delete(Path.Combine(live, "assets", "app.js"));
        File.CreateSymbolicLink(Path.Combine(live, "assets", "app.js"), outside);

        var result = Extract("next", live, ("index.html", "home"), ("assets/app.js", "original"));

        Assert.Equal(1, result.LinkedFiles);
        Assert.Null(new FileInfo(Path.Combine(folder, "next", "assets", "app.js")).LinkTarget);
        Assert.Equal("original", File.ReadAllText(Path.Combine(folder, "next", "assets", "app.js")));
    }

    /// <summary>The first release of a site: nothing to share with.</summary>
    private string First(params (string Name, string Text)[] files)
    {
        Extract("live", null, files);
        return Path.Combine(folder, "live");
    }

    private ExtractedRelease Extract(string name, string? live, params (string Name, string Text)[] files)
    {
        var zip = Path.Combine(folder, name + ".zip");
        File.WriteAllBytes(zip, HostileZips.Zip(files));
        return ReleaseArchive.Extract(zip, Path.Combine(folder, name), ReleaseLimits.Default, live, TestContext.Current.CancellationToken);
    }

    private static async Task<long> InodeAsync(string path)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var stat = Process.Start(start)!;
        var output = await stat.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await stat.WaitForExitAsync(TestContext.Current.CancellationToken);
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
