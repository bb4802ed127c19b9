using DropIt.Panel.Core.StaticSites.Releases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Core.Tests.StaticSites;

public sealed class ReleaseArchiveHostileTests : IDisposable
{
    private static readonly Lazy<Dictionary<string, HostileZip>> Corpus = new(() => HostileZips.All().ToDictionary(zip => zip.Name));

    private static readonly Dictionary<string, ReleaseRejection> Reasons = new()
    {
        ["parent-path"] = ReleaseRejection.UnsafePath,
        ["nested-parent-path"] = ReleaseRejection.UnsafePath,
        ["absolute-path"] = ReleaseRejection.UnsafePath,
        ["drive-letter"] = ReleaseRejection.UnsafePath,
        ["backslash"] = ReleaseRejection.UnsafePath,
        ["control-character"] = ReleaseRejection.UnsafePath,
        ["empty-segment"] = ReleaseRejection.UnsafePath,
        ["symlink"] = ReleaseRejection.Link,
        ["fifo"] = ReleaseRejection.SpecialFile,
        ["character-device"] = ReleaseRejection.SpecialFile,
        ["duplicate-name"] = ReleaseRejection.DuplicateName,
        ["duplicate-after-nfc"] = ReleaseRejection.DuplicateName,
        ["file-and-folder"] = ReleaseRejection.DuplicateName,
        ["too-many-files"] = ReleaseRejection.TooManyFiles,
        ["too-many-bytes"] = ReleaseRejection.TooManyBytes,
        ["zip-bomb"] = ReleaseRejection.CompressionRatio,
        ["lying-header"] = ReleaseRejection.Truncated,
        ["entry-data-cut"] = ReleaseRejection.Truncated,
        ["encrypted"] = ReleaseRejection.NotAZip,
        ["not-a-zip"] = ReleaseRejection.NotAZip,
        ["truncated"] = ReleaseRejection.Truncated,
        ["no-index-html"] = ReleaseRejection.NoIndexHtml,
        ["nested-build-folder"] = ReleaseRejection.NoIndexHtml,
        ["empty-zip"] = ReleaseRejection.Empty,
    };

    private readonly string folder = Directory.CreateTempSubdirectory("dropit-release-").FullName;

    public static TheoryData<string> HostileNames() => new(Reasons.Keys);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Corpus_EveryHostileZip_HasAnExpectedReason()
    {
        Assert.Equal(Reasons.Keys.Order(), Corpus.Value.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Extract_HostileZip_IsRejectedWithItsReasonAndLeavesNothing(string name)
    {
        var zip = Corpus.Value[name];

        var error = Reject(zip.Content, ReleaseLimits.Default, out var target);

        Assert.Equal(Reasons[name], error.Reason);
        Assert.Contains(zip.ExpectedMessageFragment, error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(target));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(100)]
    public void Extract_MoreFilesThanTheLimit_IsRejectedAsTooManyFiles(int count)
    {
        var error = Reject(HostileZips.TooManyFiles(count), ReleaseLimits.Default with { MaxFiles = 10 }, out var target);

        Assert.Equal(ReleaseRejection.TooManyFiles, error.Reason);
        Assert.Contains("more than 10 files (StaticSites:MaxFiles)", error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(target));
    }

    [Fact]
    public void EndRecordCheck_Zip64WithMoreEntriesThanAllowed_IsRejectedBeforeTheEntriesAreRead()
    {
        // More than 65,535 entries: the count lives in the zip64 end record; the classic one holds a placeholder.
        var path = Save(HostileZips.TooManyFiles(66_000));
        using var zip = File.OpenRead(path);

        var error = Assert.Throws<ReleaseRejectedException>(() => ZipEndRecord.Check(zip, ReleaseLimits.Default with { MaxFiles = 32_900 }));

        Assert.Equal(ReleaseRejection.TooManyFiles, error.Reason);
    }

    [Fact]
    public void Extract_MoreBytesThanTheLimit_IsRejectedAsTooManyBytes()
    {
        var zip = HostileZips.Site(new Dictionary<string, string> { ["index.html"] = new string('x', 3000) });

        var error = Reject(zip, ReleaseLimits.Default with { MaxUncompressedBytes = 2048 }, out var target);

        Assert.Equal(ReleaseRejection.TooManyBytes, error.Reason);
        Assert.Contains("more than 2 KB (StaticSites:MaxUncompressedBytes)", error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(target));
    }

    [Fact]
    public void Extract_ZipCutAtAnyLength_IsRejectedAsNotAZipOrTruncated()
    {
        var zip = HostileZips.Site(SampleSite.Files(40));

        for (var length = 0; length < zip.Length; length += 61)
        {
            var error = Reject(zip[..length], ReleaseLimits.Default, out var target);

            Assert.True(error.Reason is ReleaseRejection.NotAZip or ReleaseRejection.Truncated, $"Cut at {length}: {error.Reason}");
            Assert.False(Path.Exists(target));
        }
    }

    [Fact]
    public void Extract_RandomlyCorruptedZip_FailsOnlyWithARejectionAndLeavesNothing()
    {
        var zip = HostileZips.Site(SampleSite.Files(10));
        var random = new Random(1234);

        for (var attempt = 0; attempt < 300; attempt++)
        {
            var corrupted = zip.ToArray();
            for (var flips = 0; flips < 3; flips++)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }
            var target = Path.Combine(folder, $"corrupt-{attempt}");
            var path = Save(corrupted);

            var error = Record.Exception(() => ReleaseArchive.Extract(path, target, ReleaseLimits.Default, TestContext.Current.CancellationToken));

            Assert.True(error is null or ReleaseRejectedException, $"Attempt {attempt}: {error}");
            Assert.Equal(error is null, Path.Exists(target));
        }
    }

    [Fact]
    public void Extract_VeryLongUnsafeName_IsShownShortened()
    {
        var zip = HostileZips.Zip(("index.html", HostileZips.IndexHtml), ("../" + new string('a', 600), "x"));

        var error = Reject(zip, ReleaseLimits.Default, out _);

        Assert.Equal(ReleaseRejection.UnsafePath, error.Reason);
        Assert.Contains("../aaa", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 200), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ExistingTarget_IsRefusedAndKept()
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, "live")).FullName;
        File.WriteAllText(Path.Combine(target, "index.html"), "live");
        var path = Save(HostileZips.Site(SampleSite.Files(3)));

        Assert.Throws<IOException>(() => ReleaseArchive.Extract(path, target, ReleaseLimits.Default, TestContext.Current.CancellationToken));

        Assert.Equal("live", File.ReadAllText(Path.Combine(target, "index.html")));
    }

    [Fact]
    public void Extract_Cancelled_LeavesNothing()
    {
        var path = Save(HostileZips.Site(SampleSite.Files(300)));
        var target = Path.Combine(folder, "cancelled");

        Assert.ThrowsAny<OperationCanceledException>(() => ReleaseArchive.Extract(path, target, ReleaseLimits.Default, new CancellationToken(canceled: true)));

        Assert.False(Path.Exists(target));
    }

    private ReleaseRejectedException Reject(byte[] zip, ReleaseLimits limits, out string target)
    {
        var path = Save(zip);
        target = Path.Combine(folder, "release-" + Guid.NewGuid().ToString("N"));
        var release = target;
        return Assert.Throws<ReleaseRejectedException>(() => ReleaseArchive.Extract(path, release, limits, TestContext.Current.CancellationToken));
    }

    private string Save(byte[] zip)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, zip);
        return path;
    }
}
