using System.Net;
using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class SettingsAndAuditTests
{
    [Fact]
    public async Task Settings_CreateTokenInTheDialog_ItIsShownOnceWorksOnTheApiAndIsAudited()
    {
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", PanelFactory.AdminEmail);
        await page.FillAsync("#password", PanelFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "API tokens" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New token" }).ClickAsync();
        await page.Locator("#token-name").FillAsync("GitHub Actions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var secret = page.Locator(".secret-box");
        await Expect(secret).ToContainTextAsync("dropit_");
        var token = (await secret.InnerTextAsync()).Trim();
        await session.ScreenshotAsync("settings-token-created");

        using var api = new HttpClient { BaseAddress = new Uri(session.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/projects", TestContext.Current.CancellationToken)).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "GitHub Actions" })).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await page.ContentAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await Expect(page.GetByText("api-token.created")).ToBeVisibleAsync();
        await Expect(page.GetByText("auth.signed-in").First).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await page.ContentAsync());
        var before = await BackgroundAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch theme" }).ClickAsync();
        await page.WaitForFunctionAsync($"() => {BackgroundScript} !== '{before}'");
        var after = await BackgroundAsync(page);

        // The theme chosen stays after a reload.
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.WaitForFunctionAsync($"() => {BackgroundScript} === '{after}'");
        await session.ScreenshotAsync("audit-dark");
    }

    private const string BackgroundScript = "getComputedStyle(document.body).backgroundColor";

    private static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>($"() => {BackgroundScript}");
}
