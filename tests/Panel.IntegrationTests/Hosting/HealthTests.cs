using System.Net;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Hosting;

public sealed class HealthTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_WithRealDockerEngine_ReportsDatabaseAndDockerHealthy()
    {
        await using var panel = new PanelFactory();

        var live = await panel.CreateBrowserClient().GetAsync("/health/live", Ct);
        var ready = await ReadyAsync(panel);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("docker").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_DockerEngineDown_IsReportedButReadinessHolds()
    {
        await using var panel = new PanelFactory();
        panel.Settings["Docker:Endpoint"] = "unix:///tmp/no-docker-here.sock";

        var response = await panel.CreateBrowserClient().GetAsync("/health/ready", Ct);
        var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var docker = ready.GetProperty("checks").GetProperty("docker");
        Assert.Equal("Degraded", docker.GetProperty("status").GetString());
        Assert.Contains("Start dockerd", docker.GetProperty("description").GetString());
    }

    private static async Task<JsonElement> ReadyAsync(PanelFactory panel)
    {
        var response = await panel.CreateBrowserClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }
}
