using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>An HTTPS domain added in the browser gets its certificate from real pebble, and the list shows it valid.</summary>
public sealed class CertificateTests
{
    [Fact]
    public async Task HttpsDomain_AddedInThePage_CertificateBecomesValidInTheList()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var pebble = await Pebble.StartAsync(nonceRejectPercent: 5);
        var panel = new PanelFactory();
        panel.Settings["Acme:Enabled"] = "true";
        panel.Settings["Acme:TrustedCaCertificatePath"] = pebble.TlsCertificatePath;
        await using var session = await BrowserSession.StartAsync(panel, pebble.HttpChallengePort);
        await panel.CreateAdminAsync();
        await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateSettingsService>()
            .UpdateAcmeAsync(pebble.DirectoryUrl.ToString(), null, null, Actor.System, cancellationToken));
        var serviceId = await session.CreateImageApplicationAsync("secure", "web", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await page.Locator("#domain-host").FillAsync("secure.dropit.test");
        await page.ClickAsync("#domain-add");
        await Expect(page.Locator("#domain-table")).ToContainTextAsync("https://secure.dropit.test");

        // The order runs as a job; the certificates page follows it without a reload.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Certificates", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/certificates$"));
        await session.WaitForInteractiveAsync();
        var row = page.Locator("tr", new() { HasText = "secure.dropit.test" });
        await Expect(row).ToContainTextAsync("valid", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("Pebble");
        await session.ScreenshotAsync("certificates");

        var stored = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Certificates
            .SingleAsync(c => c.ServiceId == serviceId, cancellationToken));
        Assert.NotNull(stored.NotAfter);
    }
}
