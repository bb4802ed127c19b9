using DropIt.Panel.Core.Audit;

namespace DropIt.Panel.Core.Tests.Audit;

public sealed class AuditQueriesTests
{
    [Theory]
    [InlineData("100%", "100\\%")]
    [InlineData("my_app", "my\\_app")]
    [InlineData("C:\\temp", "C:\\\\temp")]
    [InlineData("\\%_", "\\\\\\%\\_")]
    public void EscapeLike_Wildcards_AreEscapedWithBackslash(string input, string expected)
    {
        Assert.Equal(expected, AuditQueries.EscapeLike(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("project.created")]
    [InlineData("admin@example.com")]
    public void EscapeLike_NoWildcard_IsUnchanged(string input)
    {
        Assert.Equal(input, AuditQueries.EscapeLike(input));
    }
}
