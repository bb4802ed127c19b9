using System.Text.RegularExpressions;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class FirstRunTests
{
    [Fact]
    public async Task FreshPanel_SetupSignInCreateProjectSignOut_WorksInARealBrowser()
    {
        await using var session = await BrowserSession.StartAsync(new PanelFactory());
        var page = session.Page;

        // A fresh panel sends its first visitor to setup, which says where the setup token is.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await Expect(page.Locator("#setup-token-help")).ToContainTextAsync(session.Panel.SetupTokenPath);
        await Expect(page.Locator("#setup-token-help")).ToContainTextAsync("docker logs dropit-panel");

        // Without the token the form is refused.
        await FillSetupAsync(page, token: "");
        await Expect(page.Locator("#setup-error")).ToContainTextAsync("Paste the setup token first");
        Assert.Equal(0, await session.Panel.CountUsersAsync());

        // With the token from the data folder's file, setup creates the admin, signs it in and the file is gone.
        await FillSetupAsync(page, session.Panel.ReadSetupToken());
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        Assert.False(File.Exists(session.Panel.SetupTokenPath));

        // Sign out and back in to go through the sign-in page too.
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.FillAsync("#email", PanelFactory.AdminEmail);
        await page.FillAsync("#password", PanelFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        await session.WaitForInteractiveAsync();

        // Create a project through the dialog.
        await page.ClickAsync("#new-project");
        await page.Locator("#project-name").FillAsync("dropit-app");
        await page.Locator("#project-description").FillAsync("React front end, NestJS API, PostgreSQL and Redis");
        await page.ClickAsync("#project-save");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "dropit-app" })).ToBeVisibleAsync();
        var created = await session.Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .SingleAsync(e => e.Action == AuditActions.ProjectCreated));
        Assert.Equal((PanelFactory.AdminEmail, "dropit-app", "127.0.0.1"), (created.Actor, created.Target, created.IpAddress));

        // It is listed, and the list is searchable.
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects" }).First.ClickAsync();
        await Expect(page.Locator("#project-table")).ToContainTextAsync("dropit-app");
        await Expect(page.Locator("#project-table")).ToContainTextAsync("React front end");
        await session.ScreenshotAsync("projects");

        // Signed out, a protected page sends you to sign-in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/settings");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fsettings"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    private static async Task FillSetupAsync(IPage page, string token)
    {
        await page.FillAsync("#setup-token", token);
        await page.FillAsync("#email", PanelFactory.AdminEmail);
        await page.FillAsync("#password", PanelFactory.AdminPassword);
        await page.FillAsync("#confirm", PanelFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
    }
}
