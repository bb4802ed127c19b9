using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Deployments;

/// <summary>What a failed push says (decision 063), from the reasons Docker and distribution give, and the push's log lines.</summary>
public sealed class RegistryPushMessagesTests
{
    [Theory]
    [InlineData("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", "cannot be reached")]
    [InlineData("unauthorized: authentication required", "refused the panel's credentials")]
    [InlineData("received unexpected HTTP status: 507 Insufficient Storage", "out of space")]
    [InlineData("blob upload unknown: filesystem: no space left on device", "out of space")]
    [InlineData("received unexpected HTTP status: 500 Internal Server Error", "could not be pushed to the image registry")]
    public void Explain_RegistryReason_SaysWhatWentWrongAndPointsToTheSettings(string reason, string expected)
    {
        var text = RegistryPushFailure.Explain("registry.example.com", reason);

        Assert.Contains(expected, text);
        Assert.Contains(reason, text);
        Assert.Contains("Settings → Image registry", text);
    }

    [Fact]
    public void KindOf_RefusedOrFull_IsNotRetriedButUnreachableIs()
    {
        Assert.Equal(RegistryPushFailure.Kind.Refused, RegistryPushFailure.KindOf("denied: requested access to the resource is denied"));
        Assert.Equal(RegistryPushFailure.Kind.OutOfSpace, RegistryPushFailure.KindOf("no space left on device"));
        Assert.Equal(RegistryPushFailure.Kind.Unreachable, RegistryPushFailure.KindOf("dial tcp: lookup registry: no such host"));
        Assert.Equal(RegistryPushFailure.Kind.Other, RegistryPushFailure.KindOf("EOF"));
    }

    [Fact]
    public void PushReport_LayersPushedAndPresent_OneLineEachAndASummaryWithTheBytes()
    {
        var lines = new List<string>();
        var report = new PushReport(lines.Add);

        report.On(new PushProgress(null, "The push refers to repository [r:5000/dropit/s-1]", null, null));
        report.On(new PushProgress("aaa", "Preparing", null, null));
        report.On(new PushProgress("aaa", "Pushing", 1024, 2048));
        report.On(new PushProgress("aaa", "Pushing", 2048, 2048));
        report.On(new PushProgress("aaa", "Pushed", null, null));
        report.On(new PushProgress("bbb", "Layer already exists", null, null));

        Assert.Equal(
            ["The push refers to repository [r:5000/dropit/s-1]", "Layer aaa: pushed (2.0 kB).", "Layer bbb: already in the registry."],
            lines);
        Assert.Equal("Pushed r:5000/dropit/s-1:d-1: 1 layer(s) sent (2.0 kB), 1 already in the registry.", report.Summary("r:5000/dropit/s-1:d-1"));
    }
}
