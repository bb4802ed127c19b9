using DropIt.Panel.Web.Auth;
using DropIt.Panel.Web.Hosting;
using DropIt.Panel.Web.Jobs;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>The validators of the panel's own settings (no host): each refusal names its full key and what to set.</summary>
public sealed class SettingsValidatorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void JobServer_WorkerCountOutOfRange_NamesTheKey(int workers)
    {
        var result = new JobServerOptionsValidator().Validate(null, new JobServerOptions { WorkerCount = workers });

        Assert.True(result.Failed);
        Assert.Contains($"Panel:Jobs:WorkerCount is {workers}", result.FailureMessage);
        Assert.Contains("between 1 and 64", result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void Logging_RetainedFileCountOutOfRange_NamesTheKey(int files)
    {
        var result = new PanelLoggingOptionsValidator().Validate(null, new PanelLoggingOptions { RetainedFileCount = files });

        Assert.True(result.Failed);
        Assert.Contains($"Panel:Logging:RetainedFileCount is {files}", result.FailureMessage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(86_401)]
    public void Memory_TrimSecondsOutOfRange_NamesTheKey(int seconds)
    {
        var result = new MemoryTrimOptionsValidator().Validate(null, new MemoryTrimOptions { TrimSeconds = seconds });

        Assert.True(result.Failed);
        Assert.Contains($"Panel:Memory:TrimSeconds is {seconds}", result.FailureMessage);
        Assert.Contains("0 (off)", result.FailureMessage);
    }

    [Fact]
    public void Memory_TrimOff_IsAccepted() =>
        Assert.True(new MemoryTrimOptionsValidator().Validate(null, new MemoryTrimOptions { TrimSeconds = 0 }).Succeeded);

    [Fact]
    public void Bootstrap_ShortApiTokenWithTheAdmin_NamesTheKey()
    {
        var result = new BootstrapOptionsValidator().Validate(null,
            new BootstrapOptions { AdminEmail = "admin@example.test", AdminPassword = "Long-enough-77", ApiToken = "short" });

        Assert.True(result.Failed);
        Assert.Contains("Panel:Bootstrap:ApiToken is too short", result.FailureMessage);
        Assert.DoesNotContain("short\"", result.FailureMessage);
    }

    [Fact]
    public void Bootstrap_ShortApiTokenWithoutTheAdmin_IsIgnoredAsBefore() =>
        Assert.True(new BootstrapOptionsValidator().Validate(null, new BootstrapOptions { ApiToken = "short" }).Succeeded);

    [Fact]
    public void Defaults_AreAccepted()
    {
        Assert.True(new JobServerOptionsValidator().Validate(null, new JobServerOptions()).Succeeded);
        Assert.True(new PanelLoggingOptionsValidator().Validate(null, new PanelLoggingOptions()).Succeeded);
        Assert.True(new BootstrapOptionsValidator().Validate(null, new BootstrapOptions()).Succeeded);
        Assert.True(new MemoryTrimOptionsValidator().Validate(null, new MemoryTrimOptions()).Succeeded);
    }

    [Fact]
    public void RefusedSettings_SeveralOptionsClasses_ListsEveryRefusal()
    {
        var refused = RefusedSettings.Of(new AggregateException(
            new OptionsValidationException("a", typeof(JobServerOptions), ["Panel:Jobs:WorkerCount is 0; ..."]),
            new OptionsValidationException("b", typeof(PanelLoggingOptions), ["Panel:Logging:RetainedFileCount is 0; ..."])));

        Assert.Equal(2, refused.Count);
        Assert.Empty(RefusedSettings.Of(new AggregateException(new InvalidOperationException("other"))));
    }
}
