using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>Settings → Image registry (decision 062): an external registry that does not answer is refused with the reason.</summary>
public sealed class ImageRegistryTests
{
    [Fact]
    public async Task ExternalRegistry_Unreachable_IsRefusedWithTheReasonAndThePasswordNeverReachesThePage()
    {
        const string password = "registry-secret-7Qx2";
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Image registry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "None (one server)" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "An external registry" }).ClickAsync();
        var port = FreePorts.Next();
        await page.FillAsync("#registry-address", $"127.0.0.1:{port}");
        await page.FillAsync("#registry-username", "ci");
        await page.FillAsync("#registry-password", password);
        await page.ClickAsync("#registry-save");

        await Expect(page.Locator("#registry-error")).ToContainTextAsync($"No registry answers at https://127.0.0.1:{port}/v2/");
        await Expect(page.Locator("#registry-error")).ToContainTextAsync("check the address and port");
        await session.ScreenshotAsync("settings-image-registry-refused");
        Assert.DoesNotContain(password, await page.ContentAsync());

        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Image registry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "None (one server)" })).ToBeCheckedAsync();
    }
}
