using System.Text.RegularExpressions;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>Several people: an invitation accepted in the browser, roles that hide actions, sign out everywhere.</summary>
public sealed class UsersAndRolesTests
{
    private const string NewPassword = "Deployer-Password-2026";

    [Fact]
    public async Task Invitation_AcceptedThroughItsLink_SignsInADeployerWhoSeesDeployButNoDeleteNorUsers()
    {
        var ct = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("shop", "api", ct);
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
        await page.ClickAsync("#invite-user");
        await page.Locator("#invite-email").FillAsync("dev@dropit.test");
        await page.Locator("#invite-role").Locator("..").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Deployer: deploy, roll back, restart, read logs; no settings, no secrets" }).ClickAsync();
        await page.ClickAsync("#invite-create");
        await Expect(page.Locator("#invite-link")).ToContainTextAsync("/account/invite/");
        await Expect(page.Locator("#invite-expiry")).ToContainTextAsync("UTC");
        var link = (await page.Locator("#invite-link").InnerTextAsync()).Trim();
        await session.ScreenshotAsync("users-invitation-link");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator("#invitations-table")).ToContainTextAsync("dev@dropit.test");
        Assert.DoesNotContain(link, await page.ContentAsync());

        await using var other = await session.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = session.BaseUrl });
        var invited = await other.NewPageAsync();
        await invited.GotoAsync(link);
        await Expect(invited.Locator("#invitation-summary")).ToContainTextAsync("dev@dropit.test");
        await Expect(invited.Locator("#invitation-role")).ToHaveTextAsync("deployer");
        await invited.FillAsync("#password", NewPassword);
        await invited.FillAsync("#confirm", NewPassword);
        await invited.ClickAsync("button[type=submit]");
        await Expect(invited).ToHaveURLAsync(new Regex("/projects$"));

        await invited.GotoAsync($"/services/{serviceId}");
        await invited.Locator("#panel-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(invited.Locator("#deploy")).ToBeVisibleAsync();
        await Expect(invited.Locator("#restart")).ToBeVisibleAsync();
        await Expect(invited.Locator("#delete-service")).ToHaveCountAsync(0);
        await invited.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await Expect(invited.Locator(".admin-only")).ToContainTextAsync("Only admins");
        await invited.GotoAsync("/settings");
        await Expect(invited.GetByRole(AriaRole.Tab, new() { Name = "API tokens" })).ToBeVisibleAsync();
        await Expect(invited.GetByRole(AriaRole.Tab, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(invited.GetByRole(AriaRole.Tab, new() { Name = "General" })).ToHaveCountAsync(0);

        // The link worked once.
        await invited.GotoAsync(link);
        await Expect(invited.Locator("#invitation-refused")).ToContainTextAsync("already used");
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
        await Expect(page.Locator("#users-table")).ToContainTextAsync("dev@dropit.test");
        await Expect(page.Locator("#no-invitations")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignOutEverywhere_ByAnAdmin_ClosesTheViewersOpenPageAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        await panel.CreateUserAsync("viewer@dropit.test", PanelRole.Viewer);
        var serviceId = await session.CreateImageApplicationAsync("shop", "api", ct);

        // The viewer's page: open, interactive, and without a single button that changes something.
        await using var viewerContext = await session.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = session.BaseUrl });
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync("/account/login");
        await viewer.FillAsync("#email", "viewer@dropit.test");
        await viewer.FillAsync("#password", PanelFactory.AdminPassword);
        await viewer.ClickAsync("button[type=submit]");
        await Expect(viewer).ToHaveURLAsync(new Regex("/projects$"));
        await viewer.GotoAsync($"/services/{serviceId}");
        await viewer.Locator("#panel-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(viewer.Locator("h1")).ToHaveTextAsync("api");
        await Expect(viewer.Locator("#deploy")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("#delete-service")).ToHaveCountAsync(0);

        // The admin signs the viewer out everywhere from Settings → Users.
        var page = session.Page;
        await session.SignInAsync();
        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign viewer@dropit.test out everywhere" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(page.GetByText("viewer@dropit.test is signed out everywhere.")).ToBeVisibleAsync();

        // Not at the next revalidation minutes later: now. And the cookie no longer opens anything.
        await Expect(viewer).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 10_000 });
        await viewer.GotoAsync("/projects");
        await Expect(viewer).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task ChangePassword_OnTheAccountTab_KeepsThisPageAndClosesTheOtherBrowsers()
    {
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        await using var laptopContext = await session.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = session.BaseUrl });
        var laptop = await laptopContext.NewPageAsync();
        await laptop.GotoAsync("/account/login");
        await laptop.FillAsync("#email", PanelFactory.AdminEmail);
        await laptop.FillAsync("#password", PanelFactory.AdminPassword);
        await laptop.ClickAsync("button[type=submit]");
        await Expect(laptop).ToHaveURLAsync(new Regex("/projects$"));
        await laptop.Locator("#panel-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var page = session.Page;
        await session.SignInAsync();
        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Account" }).ClickAsync();
        await page.Locator("#current-password").FillAsync(PanelFactory.AdminPassword);
        await page.Locator("#new-password").FillAsync(NewPassword);
        await page.Locator("#confirm-password").FillAsync(NewPassword);
        await page.ClickAsync("#change-password");

        // This browser gets a fresh sign-in and stays on its settings; the laptop's open page is signed out at once.
        await Expect(laptop).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 10_000 });
        await Expect(page).ToHaveURLAsync(new Regex("/settings$"));
        await session.WaitForInteractiveAsync();
        await page.GotoAsync("/projects");
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
    }
}
