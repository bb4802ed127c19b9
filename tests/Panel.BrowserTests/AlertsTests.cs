using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>Settings → Alerts: an SMTP channel added on the page, its test showing the relay's own reply, its password never in the HTML.</summary>
public sealed class AlertsTests
{
    private const string Password = "Relay-pass-0a7c93e1";

    [Fact]
    public async Task AlertsTab_AddSmtpChannelAndSendTest_ShowsTheServersReplyAndNeverThePassword()
    {
        using var smtp = await SmtpServer.StartAsync("alerts@dropit.test", Password);
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(1440, 900);
        await session.SignInAsync();

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Alerts" }).ClickAsync();
        await Expect(page.GetByText("No alert channels yet.")).ToBeVisibleAsync();
        await page.ClickAsync("#add-alert-channel");
        await page.FillAsync("#alert-channel-name", "ops mail");
        await page.FillAsync("#alert-setting-host", "127.0.0.1");
        await page.FillAsync("#alert-setting-port", smtp.Port.ToString());
        await page.FillAsync("#alert-setting-security", "none");
        await page.FillAsync("#alert-setting-username", "alerts@dropit.test");
        await page.FillAsync("#alert-setting-password", Password);
        await page.FillAsync("#alert-setting-from", "panel@dropit.test");
        await page.FillAsync("#alert-setting-to", "admin@dropit.test");
        await page.ClickAsync("#alert-channel-save");
        await Expect(page.Locator("#alert-channels")).ToContainTextAsync("ops mail");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();

        await Expect(page.Locator("#alert-test-result")).ToContainTextAsync("Message accepted by the DropIt test relay");
        Assert.Equal("[DropIt] Test message from DropIt Panel", Assert.Single(smtp.Messages()).Subject);
        await Expect(page.Locator("#alert-deliveries")).ToContainTextAsync("Test message from DropIt Panel");
        await Expect(page.Locator("#alert-routes")).ToContainTextAsync("Deployment failed");
        Assert.DoesNotContain(Password, await page.ContentAsync());
        await session.ScreenshotAsync("settings-alerts");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.Locator("#alert-setting-host")).ToHaveValueAsync("127.0.0.1");
        await Expect(page.Locator("#alert-setting-password")).ToHaveValueAsync("");
        Assert.DoesNotContain(Password, await page.ContentAsync());
        await session.ScreenshotAsync("settings-alerts-edit");
    }
}
