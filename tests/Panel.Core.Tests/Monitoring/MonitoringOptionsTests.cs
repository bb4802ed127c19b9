using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Core.Tests.Monitoring;

public sealed class MonitoringOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new MonitoringOptionsValidator().Validate(null, new MonitoringOptions()).Succeeded);

    [Fact]
    public void Validate_ZeroSamplePeriod_NamesTheFullKey()
    {
        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { SampleSeconds = 0, CrashLoopDeaths = 1 });

        Assert.True(result.Failed);
        Assert.Contains("Monitoring:SampleSeconds", result.FailureMessage);
        Assert.Contains("Monitoring:CrashLoopDeaths", result.FailureMessage);
    }
}
