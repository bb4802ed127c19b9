using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class LogSearchTests
{
    [Fact]
    public void Text_MatchesAnyCaseAsASubstring()
    {
        var search = LogSearch.Create("Line 0042", regex: false)!;

        Assert.True(search.IsMatch("info: line 004242 written"));
        Assert.False(search.IsMatch("line 004 242"));
    }

    [Fact]
    public void Text_RegexCharactersAreLiteral() =>
        Assert.False(LogSearch.Create("a.c", regex: false)!.IsMatch("abc"));

    [Fact]
    public void Regex_MatchesAnyCase()
    {
        var search = LogSearch.Create(@"^line 00(42|43)\d\d$", regex: true)!;

        Assert.True(search.IsMatch("LINE 004399"));
        Assert.False(search.IsMatch("line 004499"));
    }

    [Fact]
    public void Regex_CatastrophicPattern_RunsInLinearTime()
    {
        var search = LogSearch.Create("(a+)+$", regex: true)!;
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(search.IsMatch(new string('a', 5_000) + "!"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("(unclosed", "not a valid regular expression")]
    [InlineData(@"(a)\1", "do not support")]
    public void Regex_InvalidOrUnsupported_SaysWhy(string pattern, string reason) =>
        Assert.Contains(reason, LogSearch.Check(pattern, regex: true));

    [Fact]
    public void Empty_SearchesNothing()
    {
        Assert.Null(LogSearch.Create("", regex: true));
        Assert.Null(LogSearch.For(new LogQuery()));
    }
}
