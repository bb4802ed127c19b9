using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Alerts;

/// <summary>
/// A container killed by the kernel for memory (decision 044): an application with a 32 MiB limit whose process keeps
/// allocating; Docker's oom event reaches a real webhook receiver as service.oom, signed, once per grouping period.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class OomAlertTests : PanelTest<OomAlertTests.MonitoredPanel>
{
    /// <summary>An alerts panel that follows Docker's events (test panels do not by default).</summary>
    public sealed class MonitoredPanel : AlertsPanel
    {
        public MonitoredPanel() => Settings["Monitoring:Enabled"] = "true";
    }

    private const string EaterImage = "dropit-test/memory-eater:latest";
    private const string Secret = "oom-hook-secret-7a1c";

    [Fact]
    public async Task ApplicationOverItsMemoryLimit_IsKilled_WebhookGetsOneSignedServiceOomAlert()
    {
        await TestImages.EnsureBusyboxAsync();
        // Runs for a few seconds (so the deployment succeeds), then doubles a string until the kernel kills it.
        await TestImages.DockerBuildAsync(EaterImage, $$"""
            FROM {{TestImages.Busybox}}
            CMD ["sh", "-c", "echo started; sleep 4; awk 'BEGIN { s = \"aaaaaaaaaaaaaaaa\"; while (1) s = s s }'"]
            """);
        using var receiver = new AlertReceiver();
        var api = Panel.Api();
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "hook", kind = "webhook", events = new[] { "service.oom" },
            settings = new Dictionary<string, string> { ["url"] = receiver.Url, ["secret"] = Secret },
        });
        var client = new DeployClient(api);
        var service = await client.CreateApplicationAsync(await client.CreateProjectAsync("oom"), new
        {
            name = "eater", kind = "application", source = new { type = "image", image = EaterImage },
            healthCheck = new { mode = "none" }, memoryLimitBytes = 32L * 1024 * 1024,
        });
        try
        {
            await client.DeploySucceededAsync(service);

            var told = await receiver.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(90), "the service.oom alert");

            var request = told[0];
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body))),
                request.Headers["X-DropIt-Signature-256"]);
            using var json = JsonDocument.Parse(request.Body);
            var root = json.RootElement;
            Assert.Equal("service.oom", root.GetProperty("event").GetString());
            Assert.Equal("error", root.GetProperty("severity").GetString());
            Assert.Equal("eater was killed for memory", root.GetProperty("title").GetString());
            Assert.Contains("32 MiB", root.GetProperty("message").GetString());
            Assert.Equal($"https://panel.dropit.test/services/{service}", root.GetProperty("url").GetString());

            // It keeps being restarted and killed: within a period, repeats become a summary, never another alert.
            await Task.Delay(AlertsPanel.GroupingPeriod * 2, Ct);
            Assert.Single(receiver.Requests, r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString() == "alert");
        }
        finally
        {
            var left = (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.service={service}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (left.Length > 0)
            {
                await TestImages.DockerAsync(["service", "rm", .. left]);
            }
        }
    }
}
