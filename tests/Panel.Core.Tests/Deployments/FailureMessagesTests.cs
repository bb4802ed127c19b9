using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Deployments;

/// <summary>What a failed deployment says about ports and about the version before it.</summary>
public sealed class FailureMessagesTests
{
    [Theory]
    [InlineData(80, new[] { "8080/tcp" }, "the image exposes 8080/tcp, the service sends traffic to 80")]
    [InlineData(80, new[] { "443/tcp", "8080/tcp" }, "the image exposes 443/tcp, 8080/tcp, the service sends traffic to 80")]
    [InlineData(8080, new[] { "8080/tcp" }, null)]
    [InlineData(53, new[] { "53/udp" }, null)]
    [InlineData(80, new string[0], null)]
    public void Mismatch_ServicePortAndExposedPorts_NamesBothOnlyWhenTheyDisagree(int port, string[] exposed, string? expected) =>
        Assert.Equal(expected, ExposedPortCheck.Mismatch(new ImageFacts("app:1", exposed), port));

    [Fact]
    public void Mismatch_ImageNotOnThisHost_SaysNothing() => Assert.Null(ExposedPortCheck.Mismatch(null, 80));

    [Fact]
    public void Failed_FirstDeployment_NeverSpeaksOfAPreviousVersion()
    {
        var text = DeploymentFailureText.Failed("The health check failed 3 times in a row (replica 1: GET /health answered 500).",
            DeploymentFailureText.Previous.None, portMismatch: null, reasonSaysOutcome: false);

        Assert.DoesNotContain("previous version", text);
        Assert.EndsWith("This was the service's first deployment, so nothing serves it yet: fix the cause and deploy again.", text);
        Assert.DoesNotContain("previous version", DeploymentFailureText.Cancelled(DeploymentFailureText.Previous.None));
    }

    [Fact]
    public void Failed_RedeployOnTheWrongPort_NamesThePortsThenSaysThePreviousVersionKeepsServing() =>
        Assert.Equal(
            "The health check failed 3 times in a row (replica 1: GET /health on port 80: Connection refused). " +
            "Note: the image exposes 8080/tcp, the service sends traffic to 80; set Settings → Container port to the port the application listens on. " +
            "The previous version keeps serving.",
            DeploymentFailureText.Failed("The health check failed 3 times in a row (replica 1: GET /health on port 80: Connection refused).",
                DeploymentFailureText.Previous.Serving, "the image exposes 8080/tcp, the service sends traffic to 80", reasonSaysOutcome: false));
}
