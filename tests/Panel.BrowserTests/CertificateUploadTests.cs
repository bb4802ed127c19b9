using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>A certificate pasted in the upload dialog is listed as uploaded; a key that does not belong to it is refused.</summary>
public sealed class CertificateUploadTests
{
    [Fact]
    public async Task UploadDialog_ValidPair_IsListed_AndMismatchedKeyIsRefused()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        await session.CreateImageApplicationAsync("shop", "web", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        var (chain, key) = TestCertificates.SelfSigned("upload.dropit.test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        await page.GotoAsync("/certificates");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#upload-certificate");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Upload certificate");
        await page.Locator("#upload-service").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "shop / web" }).ClickAsync();
        await Expect(page.Locator("#upload-service")).ToHaveValueAsync("shop / web");
        await page.Locator("#upload-chain").FillAsync(chain);
        await page.Locator("#upload-key").FillAsync(key);
        await page.WaitForTimeoutAsync(800);
        await session.ScreenshotAsync("certificate-upload");
        await page.ClickAsync("#upload-save");

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText("Certificate uploaded for upload.dropit.test")).ToBeVisibleAsync();
        var row = page.Locator("tbody tr", new() { HasText = "upload.dropit.test" });
        await Expect(row).ToContainTextAsync("valid");
        await Expect(row).ToContainTextAsync("Uploaded");
        var keyBody = key.Split('\n')[1];
        Assert.DoesNotContain(keyBody, await page.ContentAsync());

        // Another certificate with the first one's key: they do not belong together, and the dialog says so.
        var (otherChain, _) = TestCertificates.SelfSigned("other.dropit.test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        await page.ClickAsync("#upload-certificate");
        await page.Locator("#upload-chain").FillAsync(otherChain);
        await page.Locator("#upload-key").FillAsync(key);
        await page.ClickAsync("#upload-save");
        await Expect(page.Locator("#upload-error")).ToContainTextAsync("could not be read together");
        await Expect(page.Locator("#upload-key")).ToHaveValueAsync("");
        Assert.DoesNotContain(keyBody, await page.ContentAsync());
        await Expect(page.Locator("tbody tr", new() { HasText = "other.dropit.test" })).ToHaveCountAsync(0);
    }
}
