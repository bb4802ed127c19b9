using DropIt.Panel.Core.Audit;

namespace DropIt.Panel.Core.Tests.Audit;

public sealed class AuditOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(36501)]
    public void Validate_RetentionOutOfRange_NamesTheFullKeyAndTheRange(int days)
    {
        var result = new AuditOptionsValidator().Validate(null, new AuditOptions { RetentionDays = days });

        Assert.True(result.Failed);
        Assert.Contains($"Panel:Audit:RetentionDays is {days}", result.FailureMessage);
        Assert.Contains("between 1 and 36500", result.FailureMessage);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new AuditOptionsValidator().Validate(null, new AuditOptions()).Succeeded);
}
