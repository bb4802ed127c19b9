using DropIt.Panel.Core.Cleanup;

namespace DropIt.Panel.Core.Tests.Cleanup;

public sealed class CleanupOptionsTests
{
    [Theory]
    [InlineData(24, "0 4 * * *")]
    [InlineData(6, "0 */6 * * *")]
    [InlineData(72, "0 4 */3 * *")]
    public void Cron_SupportedInterval_IsTheExpectedSchedule(int hours, string cron) =>
        Assert.Equal(cron, CleanupSchedule.Cron(hours));

    [Fact]
    public void Validate_BadValues_NameEachFullKey()
    {
        var result = new CleanupOptionsValidator().Validate(null,
            new CleanupOptions { IntervalHours = 5, DeploymentLogDays = 0, KeepDeploymentLogs = 0, BuildCacheHours = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Cleanup:IntervalHours", result.FailureMessage);
        Assert.Contains("Cleanup:DeploymentLogDays", result.FailureMessage);
        Assert.Contains("Cleanup:KeepDeploymentLogs", result.FailureMessage);
        Assert.Contains("Cleanup:BuildCacheHours", result.FailureMessage);
        Assert.True(new CleanupOptionsValidator().Validate(null, new CleanupOptions()).Succeeded);
    }

    [Theory]
    [InlineData("1.98MB", 1_980_000)]
    [InlineData(" 222.7kB", 222_700)]
    [InlineData("0B", 0)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("nonsense", 0)]
    public void DockerSizes_CliText_IsParsedInDecimalUnits(string text, long bytes) =>
        Assert.Equal(bytes, DockerSizes.Parse(text));

    [Fact]
    public void GoTime_DockerCliTimestamp_IsParsedToTheSecond() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 39, 44, TimeSpan.Zero),
            BuildCachePruning.GoTime("2026-11-25 09:39:44.411893866 +0000 UTC"));
}
