using System.Text;
using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class LogLineSplitterTests
{
    private static readonly DateTimeOffset Second = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Push_LinesSplitAcrossReads_AreWholeWithDockerTimestampsParsed()
    {
        var splitter = new LogLineSplitter("api.1");
        var lines = new List<LogLine>();
        var output = Bytes("2026-11-25T10:00:00.123456789Z first line\n2026-11-25T10:00:01Z sec" + "ond ✓ line\r\n2026-11-25T10:00:02.5Z third");

        foreach (var chunk in output.Chunk(7))
        {
            splitter.Push(chunk, LogStream.Stdout, lines);
        }

        Assert.Equal(2, lines.Count);
        splitter.Flush(lines);
        Assert.Equal(["first line", "second ✓ line", "third"], lines.Select(l => l.Text));
        Assert.Equal([Second.AddTicks(1_234_567), Second.AddSeconds(1), Second.AddSeconds(2.5)], lines.Select(l => l.Timestamp));
        Assert.All(lines, l => Assert.Equal(("api.1", LogStream.Stdout), (l.Replica, l.Stream)));
    }

    [Fact]
    public void Push_StdoutAndStderrInterleaved_KeepEachPartialLineToItsOutput()
    {
        var splitter = new LogLineSplitter("api.2");
        var lines = new List<LogLine>();

        splitter.Push(Bytes("2026-11-25T10:00:00Z out-"), LogStream.Stdout, lines);
        splitter.Push(Bytes("2026-11-25T10:00:00Z err-"), LogStream.Stderr, lines);
        splitter.Push(Bytes("a\n"), LogStream.Stdout, lines);
        splitter.Push(Bytes("b\n"), LogStream.Stderr, lines);

        Assert.Equal([("out-a", LogStream.Stdout), ("err-b", LogStream.Stderr)], lines.Select(l => (l.Text, l.Stream)));
    }

    [Fact]
    public void Push_WithSearch_KeepsOnlyMatchingLinesInAnyCase()
    {
        var splitter = new LogLineSplitter("api.1", LogSearch.Create("error", regex: false));
        var lines = new List<LogLine>();

        splitter.Push(Bytes("2026-11-25T10:00:00Z ok\n2026-11-25T10:00:01Z \e[31mERROR\e[0m disk full\n2026-11-25T10:00:02Z Error 2026 ok\n"),
            LogStream.Stdout, lines);

        Assert.Equal(["\e[31mERROR\e[0m disk full", "Error 2026 ok"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Push_HugeLineWithoutNewline_IsCutAtTheLimit()
    {
        var splitter = new LogLineSplitter("api.1");
        var lines = new List<LogLine>();
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');

        for (var i = 0; i < 64; i++)
        {
            splitter.Push(chunk, LogStream.Stdout, lines);
        }

        splitter.Push(Bytes("\n"), LogStream.Stdout, lines);

        Assert.Equal(LogLineSplitter.MaxLineBytes, Assert.Single(lines).Text.Length);
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z", 0)]
    [InlineData("2026-11-25T10:00:00.1Z", 1_000_000)]
    [InlineData("2026-11-25T10:00:00.000000099Z", 0)]
    [InlineData("2026-11-25T12:00:00.5+02:00", 5_000_000)]
    public void TryParse_DockerTimestamps_ReadToTheTick(string text, long ticks)
    {
        Assert.True(LogTimestamps.TryParse(Bytes(text), out var timestamp));
        Assert.Equal(Second.AddTicks(ticks), timestamp);
    }

    [Theory]
    [InlineData("2026-13-25T10:00:00Z")]
    [InlineData("2026-11-25T10:00:00.Z")]
    [InlineData("not-a-time")]
    public void TryParse_Garbage_IsRefused(string text) => Assert.False(LogTimestamps.TryParse(Bytes(text), out _));

    [Fact]
    public void ToDocker_KeepsNanosecondsForSinceAndUntil() =>
        Assert.Equal("1795600800.123456700", LogTimestamps.ToDocker(Second.AddTicks(1_234_567)));
}
