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

        // A fresh panel sends its first visitor to setup.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await page.FillAsync("#email", PanelFactory.AdminEmail);
        await page.FillAsync("#password", PanelFactory.AdminPassword);
        await page.FillAsync("#confirm", PanelFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");

        // Setup signs the admin in; sign out and back in to go through the sign-in page too.
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
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
}
