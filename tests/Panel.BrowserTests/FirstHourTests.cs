using System.Text.RegularExpressions;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>What a newcomer meets in the first hour: deleting, the service tabs, fields that apply, the API reference, landmarks.</summary>
public sealed class FirstHourTests
{
    [Fact]
    public async Task ServiceDelete_WhileItsContainersStop_ShowsProgressAndEveryButtonStaysDisabledUntilItIsGone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var (projectId, serviceId) = await FirstHourScene.DeployedWebServerAsync(panel, "shop", "web", cancellationToken);
        var deleted = false;
        try
        {
            var page = session.Page;
            await session.SignInAsync();
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await Expect(page.Locator("#service-status")).ToContainTextAsync("running");

            await page.ClickAsync("#delete-service");
            var confirm = page.GetByRole(AriaRole.Dialog);
            var yes = confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" });
            await Expect(yes).ToHaveClassAsync(new Regex("mud-button-filled-error"));
            await yes.ClickAsync();

            // Its containers take seconds to stop: meanwhile the page says so and offers nothing else to click.
            await Expect(page.Locator("#service-status")).ToContainTextAsync("deleting", new() { Timeout = 2_000 });
            await Expect(page.Locator("#delete-service")).ToContainTextAsync("Deleting", new() { Timeout = 2_000 });
            foreach (var button in new[] { "#deploy", "#restart", "#stop", "#delete-service" })
            {
                await Expect(page.Locator(button)).ToBeDisabledAsync(new() { Timeout = 2_000 });
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(FirstHourScene.ScreenshotFolder(), "service-deleting.png") });
            await Expect(page).ToHaveURLAsync(new Regex($"/projects/{projectId}$"), new() { Timeout = 60_000 });
            deleted = true;
            await Expect(page.GetByText("No services yet")).ToBeVisibleAsync();
        }
        finally
        {
            if (!deleted)
            {
                await FirstHourScene.DeleteServiceAsync(panel, serviceId);
            }
        }
    }

    [Fact]
    public async Task ProjectDelete_WithServicesLeft_IsRefusedWithTheReasonBeforeAnyConfirmation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var projectId = await FirstHourScene.ProjectAsync(panel, "shop", cancellationToken);
        var serviceId = await FirstHourScene.ImageApplicationAsync(panel, projectId, "api", TestImages.Busybox, cancellationToken);
        var page = session.Page;
        await session.SignInAsync();
        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();

        await page.ClickAsync("#delete-project");
        await Expect(page.Locator("#project-delete-refused")).ToContainTextAsync("still has 1 service");
        await Expect(page.Locator("#project-delete-refused")).ToContainTextAsync("api");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(FirstHourScene.ScreenshotFolder(), "project-delete-refused.png") });

        // Once its services are gone, the project is deleted after a confirmation.
        await panel.WithScopeAsync(sp => sp.GetRequiredService<ServiceControl>().DeleteAsync(serviceId, Actor.System, cancellationToken));
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#delete-project");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        await Expect(page.GetByText("No projects yet")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ServiceTabs_At1440PixelsWide_AreAllShownWhole()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await FirstHourScene.GitApplicationAsync(panel, "shop", "web", cancellationToken);
        var page = session.Page;
        await page.SetViewportSizeAsync(1440, 900);
        await session.SignInAsync();
        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Webhook" })).ToBeVisibleAsync();

        var clipped = await page.EvaluateAsync<string[]>("""
            () => {
              const bar = document.querySelector('.mud-tabs-tabbar-wrapper');
              const clipped = [...document.querySelectorAll('.mud-tab')]
                .flatMap(tab => [tab, ...tab.querySelectorAll('*')])
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => `${e.className}: "${e.textContent.trim()}" ${e.scrollWidth} > ${e.clientWidth}`);
              if (bar.scrollWidth > bar.parentElement.clientWidth + 1) {
                clipped.push(`tab bar ${bar.scrollWidth} > ${bar.parentElement.clientWidth}`);
              }
              return clipped;
            }
            """);
        Assert.Empty(clipped);
        await Expect(page.Locator(".mud-tabs-scroll-button")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task FieldsThatDoNotApply_ImageApplicationAndStaticSite_AreNotShown()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var projectId = await FirstHourScene.ProjectAsync(panel, "shop", cancellationToken);
        var serviceId = await FirstHourScene.ImageApplicationAsync(panel, projectId, "api", TestImages.Busybox, cancellationToken);
        var page = session.Page;
        await session.SignInAsync();
        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();

        // An image is never built and never pushed to: no build arguments, no webhook, no deploy key.
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Environment" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("Webhook") })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await Expect(page.Locator("#var-key")).ToBeVisibleAsync();
        await Expect(page.GetByText("Build argument", new() { Exact = false })).ToHaveCountAsync(0);
        await page.ClickAsync("#import-env");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByText("build arguments")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.Locator("#settings-port")).ToBeVisibleAsync();
        await Expect(page.Locator("#app-dockerfile")).ToHaveCountAsync(0);

        // An uploaded zip is built but never pushed to: build arguments yes, no webhook; its Source tab still opens.
        var uploadId = await FirstHourScene.UploadApplicationAsync(panel, projectId, "worker", cancellationToken);
        await page.GotoAsync($"/services/{uploadId}");
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Source" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("Webhook") })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Source" }).ClickAsync();
        await Expect(page.Locator("#upload-source")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await Expect(page.GetByText("Build argument", new() { Exact = true })).ToBeVisibleAsync();

        // A static site is served by the static edge: no container, no container port.
        var siteId = await FirstHourScene.StaticSiteAsync(panel, projectId, "docs", cancellationToken);
        await page.GotoAsync($"/static-sites/{siteId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await Expect(page.Locator("#domain-host")).ToBeVisibleAsync();
        await Expect(page.Locator("#domain-port")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ApiReference_OpenedFromTheMenu_LoadsNothingFromElsewhereAndShowsTheBearerHeader()
    {
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        await session.SignInAsync();
        await session.WaitForInteractiveAsync();
        var requests = new List<string>();
        page.Context.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };

        var link = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "API reference (opens in a new tab)" });
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Jobs (opens in a new tab)" })).ToBeVisibleAsync();
        var reference = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await reference.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await reference.WaitForTimeoutAsync(1_000);
        await reference.ScreenshotAsync(new() { Path = Path.Combine(FirstHourScene.ScreenshotFolder(), "api-reference.png"), FullPage = false });
        await Expect(reference.GetByText("Authorization: Bearer <token>").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(reference.GetByText("Bearer Token").First).ToBeVisibleAsync();
        await Expect(reference.GetByText("Powered by")).ToBeHiddenAsync();

        string[] seen;
        lock (requests)
        {
            seen = [.. requests];
        }

        Assert.NotEmpty(seen);
        Assert.All(seen, url => Assert.True(
            url.StartsWith(session.BaseUrl, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal)
            || url.StartsWith("blob:", StringComparison.Ordinal), $"The API reference loaded {url}"));
    }

    [Fact]
    public async Task EveryPage_HasOneMainOneMenuAndASkipLinkFirstInTheTabOrder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var projectId = await FirstHourScene.ProjectAsync(panel, "shop", cancellationToken);
        var serviceId = await FirstHourScene.ImageApplicationAsync(panel, projectId, "api", TestImages.Busybox, cancellationToken);
        var siteId = await FirstHourScene.StaticSiteAsync(panel, projectId, "docs", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        foreach (var path in FirstHourScene.Pages(projectId, serviceId, siteId))
        {
            await page.GotoAsync(path);
            await session.WaitForInteractiveAsync();
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            Assert.True(await page.Locator("main").CountAsync() == 1, $"{path} has {await page.Locator("main").CountAsync()} <main>");
            // One menu; a page's breadcrumb trail may be a second, labelled <nav>, inside <main> (WAI-ARIA's breadcrumb pattern).
            var menus = page.Locator("nav:not(main nav)");
            Assert.True(await menus.CountAsync() == 1, $"{path} has {await menus.CountAsync()} <nav> outside <main>");
            await Expect(menus).ToHaveAttributeAsync("aria-label", "Main menu");
            foreach (var trail in await page.Locator("main nav").AllAsync())
            {
                await Expect(trail).ToHaveAttributeAsync("aria-label", new Regex("."));
            }

            // Nothing jumps the queue: no positive tabindex, and the first stop is "Skip to content", which leads into <main>.
            var order = await page.EvaluateAsync<string[]>("""
                () => {
                  const tabbable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 || e.classList.contains('skip-link'));
                  const positive = [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80));
                  return [...positive.map(p => 'positive tabindex: ' + p), ...tabbable.slice(0, 1).map(e => e.textContent.trim())];
                }
                """);
            Assert.Equal(["Skip to content"], order);
            await page.Locator(".skip-link").FocusAsync();
            await Expect(page.Locator(".skip-link")).ToBeInViewportAsync();
            await page.Keyboard.PressAsync("Enter");
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
                $"{path}: the skip link does not lead into <main>");
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
                $"{path}: the Tab after the skip link leaves <main>");
        }
    }

    [Fact]
    public async Task AuditTrail_AVariableSaved_ReadsWhatWasSetWithNoEmptyRemoved()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("shop", "api", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();
        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await page.Locator("#var-key").FillAsync("APP_MODE");
        await page.Locator("#var-value").FillAsync("production");
        await page.ClickAsync("#var-save");
        await Expect(page.Locator("#variable-table")).ToContainTextAsync("APP_MODE");

        await page.GotoAsync("/audit");
        await session.WaitForInteractiveAsync();
        var row = page.Locator("tr", new() { HasText = "service.variables-updated" });
        await Expect(row).ToContainTextAsync("set: APP_MODE");
        Assert.DoesNotMatch(new Regex(@"removed:\s*($|\W)"), await row.InnerTextAsync());
    }
}
