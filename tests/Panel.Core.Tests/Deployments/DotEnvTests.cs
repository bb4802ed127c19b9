using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class DotEnvTests
{
    private static Dictionary<string, string> Values(DotEnvResult result) =>
        result.Variables.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    [Fact]
    public void Parse_SimpleLinesWithBlanksAndComments_ReturnsVariablesInOrder()
    {
        var result = DotEnv.Parse("# database\n\nHOST=db\n   \nPORT=5432\n  # indented comment\nNAME=app\n");

        Assert.Empty(result.Errors);
        Assert.Equal(["HOST", "PORT", "NAME"], result.Variables.Select(pair => pair.Key));
        Assert.Equal(["db", "5432", "app"], result.Variables.Select(pair => pair.Value));
    }

    [Fact]
    public void Parse_ExportPrefix_IsIgnored()
    {
        var result = DotEnv.Parse("export API_URL=https://api.example.com\nexport\tMODE=prod");

        Assert.Empty(result.Errors);
        Assert.Equal("https://api.example.com", Values(result)["API_URL"]);
        Assert.Equal("prod", Values(result)["MODE"]);
    }

    [Fact]
    public void Parse_UnquotedValueWithTrailingComment_StripsCommentAndSpaces()
    {
        var result = DotEnv.Parse("TIMEOUT =   30   # seconds\nCOLOR=#ff0000\nURL=https://x.test/#anchor");

        Assert.Empty(result.Errors);
        Assert.Equal("30", Values(result)["TIMEOUT"]);
        Assert.Equal("#ff0000", Values(result)["COLOR"]);
        Assert.Equal("https://x.test/#anchor", Values(result)["URL"]);
    }

    [Fact]
    public void Parse_QuotedValueWithHash_KeepsHash()
    {
        var result = DotEnv.Parse("PASSWORD=\"p@ss #1\" # comment\nOTHER='a # b'   # comment");

        Assert.Empty(result.Errors);
        Assert.Equal("p@ss #1", Values(result)["PASSWORD"]);
        Assert.Equal("a # b", Values(result)["OTHER"]);
    }

    [Fact]
    public void Parse_SingleQuotedValue_IsLiteral()
    {
        var result = DotEnv.Parse(@"PATTERN='C:\new\table ""x"" $HOME'");

        Assert.Empty(result.Errors);
        Assert.Equal(@"C:\new\table ""x"" $HOME", Values(result)["PATTERN"]);
    }

    [Fact]
    public void Parse_DoubleQuotedEscapes_AreDecoded()
    {
        var result = DotEnv.Parse(@"GREETING=""line1\nline2\tTabbed \""quoted\"" back\\slash \d""");

        Assert.Empty(result.Errors);
        Assert.Equal("line1\nline2\tTabbed \"quoted\" back\\slash \\d", Values(result)["GREETING"]);
    }

    [Fact]
    public void Parse_DoubleQuotedValueOverSeveralLines_KeepsTheLineBreaks()
    {
        var text = "BEFORE=1\nKEY=\"-----BEGIN KEY-----\n  abc\n-----END KEY-----\"\nAFTER=2";

        var result = DotEnv.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal("-----BEGIN KEY-----\n  abc\n-----END KEY-----", Values(result)["KEY"]);
        Assert.Equal(["BEFORE", "KEY", "AFTER"], result.Variables.Select(pair => pair.Key));
    }

    [Fact]
    public void Parse_EmptyValues_AreKept()
    {
        var result = DotEnv.Parse("A=\nB=\"\"\nC=''\nD=   # nothing");

        Assert.Empty(result.Errors);
        Assert.All(result.Variables, pair => Assert.Equal(string.Empty, pair.Value));
        Assert.Equal(4, result.Variables.Count);
    }

    [Fact]
    public void Parse_WindowsLineEndingsAndBom_GiveCleanKeysAndValues()
    {
        var result = DotEnv.Parse("\uFEFFFIRST=one\r\nSECOND=\"two\r\nlines\"\r\nTHIRD=three\r\n");

        Assert.Empty(result.Errors);
        Assert.Equal("one", Values(result)["FIRST"]);
        Assert.Equal("two\nlines", Values(result)["SECOND"]);
        Assert.Equal("three", Values(result)["THIRD"]);
    }

    [Fact]
    public void Parse_RepeatedKey_LastValueWinsInOneEntry()
    {
        var result = DotEnv.Parse("MODE=dev\nOTHER=x\nMODE=prod");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Variables.Count);
        Assert.Equal("prod", Values(result)["MODE"]);
    }

    [Fact]
    public void Parse_LineWithoutEquals_ReportsLineAndSkipsIt()
    {
        var result = DotEnv.Parse("GOOD=1\nhunter2-secret-token\nALSO_GOOD=2");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 2:", error, StringComparison.Ordinal);
        Assert.Contains("'='", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.Equal(["GOOD", "ALSO_GOOD"], result.Variables.Select(pair => pair.Key));
    }

    [Theory]
    [InlineData("1KEY=s3cretvalue")]
    [InlineData("MY KEY=s3cretvalue")]
    [InlineData("KEY$=s3cretvalue")]
    [InlineData("=s3cretvalue")]
    public void Parse_InvalidKey_ReportsLineWithoutTheValue(string line)
    {
        var result = DotEnv.Parse("# header\n" + line);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 2:", error, StringComparison.Ordinal);
        Assert.Contains("name", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretvalue", error, StringComparison.Ordinal);
        Assert.Empty(result.Variables);
    }

    [Fact]
    public void Parse_UnclosedDoubleQuote_ReportsItsLineAndKeepsTheNextLines()
    {
        var result = DotEnv.Parse("A=1\nB=\"never closed s3cret\nC=3");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 2:", error, StringComparison.Ordinal);
        Assert.Contains("closing quote", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
        Assert.Equal(["A", "C"], result.Variables.Select(pair => pair.Key));
    }

    [Fact]
    public void Parse_TextAfterClosingQuote_IsAnError()
    {
        var result = DotEnv.Parse("A='s3cret'trailing\nB=2");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 1:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
        Assert.Equal("2", Assert.Single(result.Variables).Value);
    }

    [Fact]
    public void Parse_ErrorAfterMultiLineValue_CountsPhysicalLines()
    {
        var result = DotEnv.Parse("A=\"x\ny\nz\"\nnot a pair");

        Assert.Equal("Line 4:", Assert.Single(result.Errors)[..7]);
    }

    [Theory]
    [InlineData("DATABASE_URL", true)]
    [InlineData("_private", true)]
    [InlineData("spring.datasource-url", true)]
    [InlineData("a1", true)]
    [InlineData("", false)]
    [InlineData("1A", false)]
    [InlineData(".env", false)]
    [InlineData("A B", false)]
    [InlineData("CLÉ", false)]
    public void IsValidKey_Name_MatchesTheRule(string key, bool expected)
    {
        Assert.Equal(expected, DotEnv.IsValidKey(key));
    }
}
