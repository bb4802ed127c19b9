using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class DeploymentLogTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dropit-log-");
    private readonly DeploymentLiveLogs events = new();

    private string LogPath => Path.Combine(folder.FullName, "deployment.log");

    [Fact]
    public void Line_LongerThanTheLineLimit_IsCutWithAMarker()
    {
        using (var log = new DeploymentLog(Guid.NewGuid(), LogPath, events, TimeProvider.System))
        {
            log.Line(new string('a', 20_000));
            log.Line("after");
        }

        var lines = File.ReadAllLines(LogPath);
        Assert.Equal(2, lines.Length);
        Assert.Contains(new string('a', DeploymentLog.DefaultMaxLineLength) + " [line cut: 3616 more characters]", lines[0]);
        Assert.DoesNotContain(new string('a', DeploymentLog.DefaultMaxLineLength + 1), lines[0]);
        Assert.EndsWith(" after", lines[1]);
    }

    [Fact]
    public void Line_ManyMegabytes_StopsAtTheCapAndSaysHowMuchWasDropped()
    {
        const long cap = 256 * 1024;
        var line = new string('b', 1000);
        using (var log = new DeploymentLog(Guid.NewGuid(), LogPath, events, TimeProvider.System, cap))
        {
            for (var i = 0; i < 5_000; i++)
            {
                log.Line(line);
            }
        }

        var text = File.ReadAllText(LogPath);
        Assert.True(new FileInfo(LogPath).Length <= cap, $"The log holds {new FileInfo(LogPath).Length} bytes.");
        Assert.Contains($"log truncated at {cap} bytes: later output is dropped", text);
        var dropped = long.Parse(text.Split("log truncated: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var kept = text.Split('\n').Count(l => l.EndsWith(line, StringComparison.Ordinal));
        Assert.Equal((5_000 - kept) * (long)"HH:mm:ss ".Length + (5_000 - kept) * (line.Length + 1), dropped);
        Assert.EndsWith(" bytes dropped\n", text);
    }

    [Fact]
    public async Task ReadAsync_LogLongerThanTheTail_ReturnsWholeLastLinesAndSaysWhatIsLeftOut()
    {
        await File.WriteAllLinesAsync(LogPath, Enumerable.Range(0, 1000).Select(i => $"line {i:D4} " + new string('x', 90)), TestContext.Current.CancellationToken);

        var tail = await DeploymentLogTail.ReadAsync(LogPath, 10_000, TestContext.Current.CancellationToken);

        var lines = tail!.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\(the first \d+ bytes of this log are not shown\)$", lines[0]);
        Assert.StartsWith("line ", lines[1]);
        Assert.StartsWith("line 0999 ", lines[^1]);
        Assert.True(tail.Length <= 10_100);
    }

    [Fact]
    public async Task ReadAsync_ShortLog_ReturnsItWhole()
    {
        await File.WriteAllTextAsync(LogPath, "one\ntwo\n", TestContext.Current.CancellationToken);

        Assert.Equal("one\ntwo\n", await DeploymentLogTail.ReadAsync(LogPath, 10_000, TestContext.Current.CancellationToken));
        Assert.Null(await DeploymentLogTail.ReadAsync(LogPath + ".missing", 10_000, TestContext.Current.CancellationToken));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
