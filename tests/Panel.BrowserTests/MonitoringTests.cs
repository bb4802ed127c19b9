using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>The server page and a service's Metrics tab fill in live from the one stats collector.</summary>
public sealed class MonitoringTests
{
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 60_000 };

    [Fact]
    public async Task ServerPageAndMetricsTab_ShowLiveFiguresAndAFlaggedCrashLoop()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await TestImages.EnsureBusyboxAsync();
        var panel = new PanelFactory();
        panel.Settings["Monitoring:Enabled"] = "true";
        panel.Settings["Monitoring:SampleSeconds"] = "1";
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("metrics", "worker", cancellationToken);
        var page = session.Page;
        var busy = $"dropit-mon-busy-{Guid.NewGuid():N}"[..28];
        var crashing = $"dropit-mon-crash-{Guid.NewGuid():N}"[..29];
        try
        {
            await session.SignInAsync();
            await session.WaitForInteractiveAsync(); // The menu navigates through the page's live connection.

            // The server page: host CPU and memory from /proc, Docker's disk use from docker system df.
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Server", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/server$"), new() { Timeout = 60_000 });
            await session.WaitForInteractiveAsync();
            await Expect(page.Locator("#host-cpu .metric-value")).ToContainTextAsync(new Regex(@"^\d+(\.\d)? %$"), Soon);
            await Expect(page.Locator("#host-memory .metric-value")).ToContainTextAsync(new Regex(@"\d+(\.\d)? (MB|GB)"));
            await Expect(page.Locator("#docker-disk")).ToContainTextAsync("Images", Soon);
            await Expect(page.Locator("#docker-disk")).ToContainTextAsync("Build cache");
            await Expect(page.Locator("#data-folder-disk")).ToContainTextAsync("free");
            await Expect(page.Locator("#host-cpu svg")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Task.Delay(3_000, cancellationToken); // A few more points on the charts.
            await session.ScreenshotAsync("server");

            // A container of the service doing some work and some network traffic, then the Metrics tab.
            await RunAsync(busy, serviceId, [],
                "sh", "-c", "ping -q -i 0.2 172.17.0.1 >/dev/null & while true; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 0.2; done");
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics" }).ClickAsync();
            await Expect(page.Locator("#service-cpu .metric-value")).ToContainTextAsync("%", Soon);
            await Expect(page.Locator("#service-metrics-summary")).ToContainTextAsync("1 container(s) running");
            await Expect(page.Locator("#service-memory")).ToContainTextAsync("limit");
            await Expect(page.Locator("#service-network svg")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Task.Delay(5_000, cancellationToken);
            await session.ScreenshotAsync("service-metrics");

            // A second container that exits at once under --restart=always: flagged without a reload.
            await RunAsync(crashing, serviceId, ["--restart=always"], "sh", "-c", "exit 1");
            await Expect(page.Locator("#crash-loop-alert")).ToContainTextAsync("crashes", Soon);
            await Expect(page.Locator("#service-restarts")).Not.ToContainTextAsync("0 restart(s)", Soon);
            await session.ScreenshotAsync("service-crash-loop");
        }
        finally
        {
            foreach (var name in new[] { busy, crashing })
            {
                try
                {
                    await TestImages.DockerAsync("rm", "-f", name);
                }
                catch (InvalidOperationException)
                {
                    // Never started.
                }
            }
        }
    }

    private static Task<string> RunAsync(string name, Guid serviceId, string[] options, params string[] command) =>
        TestImages.DockerAsync(
        [
            "run", "-d", "--pull=never", "--name", name, "--label", "dropit.managed=true", "--label", $"dropit.service={serviceId}",
            .. options, TestImages.Busybox, .. command,
        ]);
}
