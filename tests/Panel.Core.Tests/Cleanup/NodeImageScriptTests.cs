using DropIt.Panel.Core.Cleanup;

namespace DropIt.Panel.Core.Tests.Cleanup;

/// <summary>What the cleanup job printed on a node, read back into that node's report (decision 065).</summary>
public sealed class NodeImageScriptTests
{
    private static readonly string Live = Tag();
    private static readonly string Old = Tag();
    private static readonly string Running = Tag();
    private static readonly string Refused = Tag();

    [Fact]
    public void Output_OfACompleteRun_ListsRemovedAndKeptImagesWithReasonsAndBytes()
    {
        string[] lines = [$"kept {Live} 2000", $"in-use {Running} 3000", $"removed {Old} 1500", "done"];

        var report = NodeImageScript.Read("n1", "worker-1", lines, new Dictionary<string, string> { [Live] = KeepReasons.Live });

        Assert.Equal([Old], report.ImagesRemoved);
        Assert.Equal(1500, report.ImageBytes);
        Assert.Equal([new KeptImage(Live, KeepReasons.Live), new KeptImage(Running, KeepReasons.InUse)], report.ImagesKept);
        Assert.Null(report.Error);
    }

    [Fact]
    public void Output_WithARefusal_KeepsTheImageAndSaysWhy()
    {
        string[] lines = [$"failed {Refused} Error response from daemon: conflict: unable to remove repository reference", "done"];

        var report = NodeImageScript.Read("n1", "worker-1", lines, new Dictionary<string, string>());

        Assert.Empty(report.ImagesRemoved);
        Assert.Contains("worker-1", report.Error);
        Assert.Contains("conflict", report.Error);
    }

    [Fact]
    public void Output_WithoutItsLastLine_IsReportedAsUnfinished()
    {
        var report = NodeImageScript.Read("n1", "worker-1", [$"removed {Old} 10"], new Dictionary<string, string>());

        Assert.Equal([Old], report.ImagesRemoved);
        Assert.Contains("did not finish", report.Error);
    }

    [Fact]
    public void Output_NamingATagNotOfThePanel_IsIgnored()
    {
        var report = NodeImageScript.Read("n1", "worker-1", ["removed nginx:latest 10", "removed dropit/s-x:d-y 10", "done"],
            new Dictionary<string, string>());

        Assert.Empty(report.ImagesRemoved);
        Assert.Equal(0, report.ImageBytes);
    }

    private static string Tag() => $"dropit/s-{Guid.NewGuid():N}:d-{Guid.NewGuid():N}";
}
