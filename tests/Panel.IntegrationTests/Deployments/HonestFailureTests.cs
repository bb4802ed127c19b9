using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>A first deployment that fails says so, names the port its image exposes, and logs every probe it made.</summary>
[Collection(DockerDeployments.Name)]
public sealed partial class HonestFailureTests : PanelTest<BootstrappedPanel>
{
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Exposes8080Image.EnsureAsync();
        client = new DeployClient(Panel.Api());
    }

    [Fact]
    public async Task FirstDeploy_ServicePortIsNotTheOneTheImageExposes_FailsNamingBothPortsAndLogsEachProbe()
    {
        var project = await client.CreateProjectAsync("wrong-port");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 80,
            healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 0 },
        });

        var deploymentId = await client.DeployAsync(serviceId);
        var finished = await client.WaitFinishedAsync(deploymentId);

        Assert.Equal("failed", finished.GetProperty("status").GetString());
        var error = finished.GetProperty("error").GetString()!;
        Assert.Contains("the image exposes 8080/tcp, the service sends traffic to 80", error);
        Assert.Contains("first deployment", error);
        Assert.DoesNotContain("previous version", error);
        Assert.Equal("failed", (await client.GetServiceAsync(serviceId)).GetProperty("status").GetString());

        var log = await client.LogAsync(deploymentId);
        var warning = log.IndexOf("Warning: The image exposes 8080/tcp, the service sends traffic to 80", StringComparison.Ordinal);
        var started = log.IndexOf("Started Docker service", StringComparison.Ordinal);
        Assert.InRange(warning, 0, started);
        var probes = ProbeLine().Matches(log);
        Assert.True(probes.Count >= 3, $"Expected a line per probe, with its time and error:\n{log}");
        Assert.Contains($"Failed: {error}", log);
    }

    /// <summary>
    /// "11:02:03 Probe after 2 s, replica 1: GET /health on port 80: Connection refused (...)", or, on a busy machine,
    /// "... GET /health on port 80 did not answer within 2 s".
    /// </summary>
    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2} Probe after \d+ s, replica 1: GET /health on port 80(: | did not answer within ).+$", RegexOptions.Multiline)]
    private static partial Regex ProbeLine();
}
