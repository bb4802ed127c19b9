using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class DiskUsageTests
{
    [Theory]
    [InlineData("0B", 0)]
    [InlineData("66B", 66)]
    [InlineData("224.8kB", 224_800)]
    [InlineData("1.983MB", 1_983_000)]
    [InlineData("1.2GB (50%)", 1_200_000_000)]
    [InlineData("", 0)]
    public void ParseSize_DockerHumanSizes_AreDecimalBytes(string text, long bytes) =>
        Assert.Equal(bytes, DiskUsage.ParseSize(text));

    [Fact]
    public void ParseLine_SystemDfJsonLines_GiveEachKind()
    {
        string[] lines =
        [
            """{"Active":"2","Reclaimable":"1.983MB (100%)","Size":"1.983MB","TotalCount":"26","Type":"Images"}""",
            """{"Active":"0","Reclaimable":"0B","Size":"0B","TotalCount":"2","Type":"Containers"}""",
            """{"Active":"1","Reclaimable":"0B","Size":"12.5kB","TotalCount":"3","Type":"Local Volumes"}""",
            """{"Active":"0","Reclaimable":"224.8kB","Size":"224.8kB","TotalCount":"1129","Type":"Build Cache"}""",
            "WARNING: not json",
        ];

        var items = lines.Select(DiskUsage.ParseLine).OfType<DockerDiskItem>().ToList();

        Assert.Equal(
        [
            new DockerDiskItem(DockerDiskKind.Images, 26, 2, 1_983_000, 1_983_000),
            new DockerDiskItem(DockerDiskKind.Containers, 2, 0, 0, 0),
            new DockerDiskItem(DockerDiskKind.Volumes, 3, 1, 12_500, 0),
            new DockerDiskItem(DockerDiskKind.BuildCache, 1129, 0, 224_800, 224_800),
        ], items);
    }

    [Fact]
    public void FileSystemOf_TempFolder_HasSizeAndFreeSpace()
    {
        var fs = DiskUsage.FileSystemOf(Path.GetTempPath());

        Assert.NotNull(fs);
        Assert.True(fs.TotalBytes > 0 && fs.FreeBytes > 0 && fs.UsedBytes <= fs.TotalBytes);
    }
}
