using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>The Jobs tab of an application (decision 043): add a job, run it now, follow the run to its end and read its log.</summary>
public sealed class JobsTests
{
    [Fact]
    public async Task JobsTab_AddAJobAndRunItNow_TheRunSucceedsLiveWithItsLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await Exposes8080Image.EnsureAsync();
        var panel = new BootstrappedPanel();
        await using var session = await BrowserSession.StartAsync(panel);
        using var api = new HttpClient { BaseAddress = new Uri(session.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", BootstrappedPanel.Token);
        var client = new DeployClient(api);
        var project = await client.CreateProjectAsync("jobs-ui");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "web", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
            healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
        });
        try
        {
            await client.DeploySucceededAsync(serviceId);
            var page = session.Page;
            await session.SignInAsync();
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Jobs" }).ClickAsync();
            await Expect(page.Locator("#jobs-empty")).ToBeVisibleAsync();

            await page.ClickAsync("#add-job");
            await page.Locator("#job-name").FillAsync("report");
            await page.Locator("#job-command").FillAsync("echo report ready; cat /www/health");
            await page.Locator("#job-schedule").FillAsync("*/15 * * * *");
            await page.Locator("#job-time-zone").FillAsync("Europe/Paris");
            await Expect(page.GetByText("Runs every 15 minutes")).ToBeVisibleAsync();
            await page.ClickAsync("#job-save");
            var row = page.Locator("#job-table tbody tr", new() { HasText = "report" });
            await Expect(row).ToContainTextAsync("every 15 minutes");
            await Expect(row).ToContainTextAsync("UTC"); // the next run

            await row.Locator(".job-run-now").ClickAsync();
            var runs = page.Locator("#job-runs");
            await Expect(runs.Locator(".job-run-status").First).ToContainTextAsync("succeeded", new() { Timeout = 90_000 });
            await Expect(row.Locator(".job-last-status")).ToContainTextAsync("succeeded");
            await Expect(runs.Locator(".job-run-exit-code").First).ToHaveTextAsync("0");
            await runs.Locator(".job-run-log-toggle").First.ClickAsync();
            await Expect(page.Locator(".job-run-log")).ToContainTextAsync("report ready");
            await Expect(page.Locator(".job-run-log")).ToContainTextAsync("ok");
            await session.ScreenshotAsync("jobs");
        }
        finally
        {
            var deleted = await api.DeleteAsync($"/api/services/{serviceId}", ct);
            Assert.True(deleted.IsSuccessStatusCode || (int)deleted.StatusCode == 202, await deleted.Content.ReadAsStringAsync(ct));
        }
    }
}
