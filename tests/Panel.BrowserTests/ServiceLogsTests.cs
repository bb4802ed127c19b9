using System.Text.RegularExpressions;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class ServiceLogsTests
{
    // 2,000 numbered lines at once, then one every 200 ms with colours, and a warning on stderr every fifth.
    private const string Chatty =
        "awk 'BEGIN { for (i = 0; i < 2000; i++) printf \"line %06d starting up\\n\", i }'; i=2000; " +
        "while true; do printf 'line %06d \\033[31mred\\033[0m \\033[1;32mbold green\\033[0m\\n' $i; " +
        "[ $((i % 5)) -eq 0 ] && echo \"warn: tick $i\" >&2; i=$((i+1)); sleep 0.2; done";

    [Fact]
    public async Task ServiceLogs_OpenFollowSearchDownloadAndLeave_LinesArriveLiveAndTheStreamEnds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await TestImages.EnsureBusyboxAsync();
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("shop", "api", cancellationToken);
        var hub = panel.Services.GetRequiredService<LogHub>();
        var containers = new List<string>();
        try
        {
            containers.Add(await StartReplicaAsync(serviceId, 1));
            containers.Add(await StartReplicaAsync(serviceId, 2));
            var page = session.Page;
            await session.SignInAsync();
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await page.WaitForTimeoutAsync(500);
            Assert.Equal(0, hub.OpenStreams); // The Logs tab is not open: nothing is followed.
            await Expect(page.Locator("#service-logs")).ToHaveCountAsync(0); // Nor rendered.
            await Expect(page.Locator("#service-metrics-summary, #metrics-empty")).ToHaveCountAsync(0);

            // The newest lines of both replicas, then lines written after the page opened, without a reload.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
            var logs = page.Locator("#service-logs");
            await Expect(logs).ToContainTextAsync("api.1");
            await Expect(logs).ToContainTextAsync("api.2");
            await Expect(page.Locator("#logs-live")).ToBeVisibleAsync();
            await WaitForAsync(() => hub.OpenStreams == 2);
            await TestImages.DockerAsync("exec", containers[0], "sh", "-c", "echo 'written after opening' > /proc/1/fd/1");
            await Expect(logs).ToContainTextAsync("written after opening", new() { Timeout = 5_000 });
            await Expect(logs.Locator(".ansi-fg-1").First).ToHaveTextAsync("red");
            await Expect(logs.Locator(".log-stderr").First).ToContainTextAsync("warn: tick");

            // A tab once opened keeps its state: a search being typed survives a look at the metrics.
            await page.Locator("#logs-search").FillAsync("typed before switching");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics", Exact = true }).ClickAsync();
            await Expect(page.Locator("#service-metrics-summary, #metrics-empty").First).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
            await Expect(page.Locator("#logs-search")).ToHaveValueAsync("typed before switching");
            await page.Locator("#logs-search").FillAsync("");
            await Expect(logs).ToContainTextAsync("written after opening");
            await page.WaitForTimeoutAsync(1_000);
            await session.ScreenshotAsync("service-logs");

            // Paused, new lines wait (counted) and appear on resume.
            await page.ClickAsync("#logs-pause");
            await Expect(page.Locator("#logs-paused")).ToContainTextAsync(new Regex(@"paused: [1-9][\d,]* new lines? waiting"));
            var countWhenPaused = await page.Locator("#logs-count").TextContentAsync();
            await TestImages.DockerAsync("exec", containers[1], "sh", "-c", "echo 'written while paused' > /proc/1/fd/1");
            await Expect(page.Locator("#logs-paused")).ToContainTextAsync(new Regex(@"paused: ([1-9]\d|\d,\d{3}) new lines waiting"));
            await Expect(page.Locator("#logs-count")).ToHaveTextAsync(countWhenPaused!); // Nothing was added to the view.
            await Expect(logs).Not.ToContainTextAsync("written while paused");
            await page.ClickAsync("#logs-pause");
            await Expect(page.Locator("#logs-live")).ToBeVisibleAsync();
            await Expect(logs).ToContainTextAsync("written while paused");

            // Timestamps off and on again.
            await Expect(logs.Locator(".log-time").First).ToBeVisibleAsync();
            await page.ClickAsync("#logs-timestamps");
            await Expect(logs.Locator(".log-time")).ToHaveCountAsync(0);
            await page.ClickAsync("#logs-timestamps");
            await Expect(logs.Locator(".log-time").First).ToBeVisibleAsync();

            // Search on the server: one line of each replica, and the download has just those.
            await page.Locator("#logs-search").FillAsync("line 000042");
            await page.Locator("#logs-search").PressAsync("Enter");
            await Expect(page.Locator("#logs-count")).ToContainTextAsync("2 lines matching");
            await Expect(logs.Locator(".log-line")).ToHaveCountAsync(2);
            var found = await DownloadAsync(page);
            Assert.Matches(new Regex(@"^api-logs-\d{8}-\d{6}\.log$"), found.Name);
            Assert.Equal(2, found.Lines.Length);
            Assert.All(found.Lines, l => Assert.Matches(new Regex(@"^\S+Z api\.[12] line 000042 starting up$"), l));

            // Back to everything: the download has all lines, the live one too.
            await page.Locator("#logs-search").FillAsync("");
            await page.Locator("#logs-search").PressAsync("Enter");
            await Expect(logs).ToContainTextAsync("bold green");
            var all = await DownloadAsync(page);
            Assert.True(all.Lines.Length > 4_000, $"{all.Lines.Length} lines");
            Assert.Contains(all.Lines, l => l.EndsWith(" api.1 written after opening", StringComparison.Ordinal));

            // Leaving the page ends the Docker streams; so does closing the tab.
            await page.GetByRole(AriaRole.Link, new() { Name = "shop" }).First.ClickAsync();
            await WaitForAsync(() => hub.OpenStreams == 0);
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
            await WaitForAsync(() => hub.OpenStreams == 2);
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await WaitForAsync(() => hub.OpenStreams == 0);
        }
        finally
        {
            foreach (var id in containers)
            {
                await TestImages.DockerAsync("rm", "-f", id);
            }
        }
    }

    private static async Task<(string Name, string[] Lines)> DownloadAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#logs-download"));
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        return (download.SuggestedFilename, text.TrimEnd('\n').Split('\n'));
    }

    private static async Task<string> StartReplicaAsync(Guid serviceId, int slot) =>
        (await TestImages.DockerAsync("run", "-d", "--label", "dropit.managed=true", "--label", $"dropit.service={serviceId}",
            "--label", $"{ServiceContainers.TaskNameLabel}=shop-api-0000test.{slot}.task{slot}", TestImages.Busybox, "sh", "-c", Chatty)).Trim();

    private static Task WaitForAsync(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10), "the count of open log streams");
}
