using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Tests.Common;

public sealed class LikePatternTests
{
    [Theory]
    [InlineData("100%", "100\\%")]
    [InlineData("my_app", "my\\_app")]
    [InlineData("C:\\temp", "C:\\\\temp")]
    [InlineData("\\%_", "\\\\\\%\\_")]
    public void EscapeWildcards_Wildcards_AreEscapedWithBackslash(string input, string expected)
    {
        Assert.Equal(expected, LikePattern.EscapeWildcards(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("project.created")]
    [InlineData("admin@example.com")]
    public void EscapeWildcards_NoWildcard_IsUnchanged(string input)
    {
        Assert.Equal(input, LikePattern.EscapeWildcards(input));
    }

    [Fact]
    public void Contains_SearchWithSpacesCaseAndWildcards_MatchesAnyPartLiterally()
    {
        Assert.Equal("%MY\\_APP%", LikePattern.Contains("  my_App "));
    }
}
