using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>
/// Every page in light and dark, on a laptop (1440 px) and a phone (390 px): saved as PNGs under the test's
/// bin/…/screenshots to look at, and checked for what a person notices at once: a page that scrolls sideways.
/// </summary>
public sealed class FirstHourScreenshotTests
{
    private static readonly (string Theme, int Width, int Height)[] Looks =
        [("light", 1440, 900), ("dark", 1440, 900), ("light", 390, 844), ("dark", 390, 844)];

    [Fact]
    public async Task EveryPage_LightAndDarkOnALaptopAndAPhone_NothingScrollsSideways()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        panel.Settings["Monitoring:Enabled"] = "true";
        panel.Settings["Monitoring:SampleSeconds"] = "1";
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        var folder = FirstHourScene.ScreenshotFolder();
        var sideways = new List<string>();
        await session.SignInAsync();

        // The empty list first, as a newcomer sees it.
        foreach (var look in Looks)
        {
            await ShowAsync(page, session, look, "/projects", "projects-empty", folder, sideways);
        }

        var (projectId, webId) = await FirstHourScene.DeployedWebServerAsync(panel, "shop", "web", cancellationToken);
        try
        {
            var siteId = await FirstHourScene.StaticSiteAsync(panel, projectId, "docs", cancellationToken);
            var deployment = await FirstHourScene.DeployAsync(panel, webId, cancellationToken);
            foreach (var look in Looks)
            {
                foreach (var (path, name) in new[]
                {
                    ("/projects", "projects"), ($"/projects/{projectId}", "project"), ($"/services/{webId}", "service"),
                    ($"/deployments/{deployment.Id}", "deployment"), ($"/static-sites/{siteId}", "static-site"), ("/deployments", "deployments"),
                    ("/backups", "backups"), ("/certificates", "certificates"), ("/server", "server"), ("/settings", "settings"), ("/audit", "audit"),
                })
                {
                    await ShowAsync(page, session, look, path, name, folder, sideways);
                }

                foreach (var tab in new[] { "Metrics", "Environment", "Settings", "Domains" })
                {
                    await ShowAsync(page, session, look, $"/services/{webId}", $"service-{tab.ToLowerInvariant()}", folder, sideways, tab);
                }

                await ShowAsync(page, session, look, "/projects", "new-project-dialog", folder, sideways, dialog: "#new-project");
                await ShowAsync(page, session, look, $"/projects/{projectId}", "new-application-dialog", folder, sideways, dialog: "#new-application");
            }
        }
        finally
        {
            await FirstHourScene.DeleteServiceAsync(panel, webId);
        }

        Assert.Empty(sideways);
    }

    private static async Task ShowAsync(IPage page, BrowserSession session, (string Theme, int Width, int Height) look, string path, string name,
        string folder, List<string> sideways, string? tab = null, string? dialog = null)
    {
        await page.SetViewportSizeAsync(look.Width, look.Height);
        await page.GotoAsync(path);
        if (await page.EvaluateAsync<string?>("() => localStorage.getItem('dropit-theme')") != look.Theme)
        {
            await page.EvaluateAsync($"() => localStorage.setItem('dropit-theme', '{look.Theme}')");
            await page.ReloadAsync();
        }

        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        if (tab is not null)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        }

        if (dialog is not null)
        {
            await page.ClickAsync(dialog);
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        }

        await page.WaitForTimeoutAsync(tab == "Metrics" || path == "/server" ? 3_000 : 800);
        var label = $"{look.Theme}-{look.Width}-{name}";
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            sideways.Add($"{label}: {overflow} px wider than the window");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, label + ".png"), FullPage = true });
    }
}
