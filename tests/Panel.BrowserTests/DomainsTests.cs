using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class DomainsTests
{
    private const string UnreachableDirectory = "https://127.0.0.1:9/directory";

    [Fact]
    public async Task Domains_AddDuplicateRefuseAndDelete_ThenCertificateSettingsAreKept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        // Certificates the domains ask for go to a directory that answers nothing, never to a real authority.
        await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateSettingsService>()
            .UpdateAcmeAsync(UnreachableDirectory, null, null, Actor.System, cancellationToken));
        var serviceId = await session.CreateImageApplicationAsync("shop", "api", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        // An internationalised host is stored and shown as punycode, with its path; the password never comes back.
        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await Expect(page.Locator("#domain-empty")).ToBeVisibleAsync();
        await page.Locator("#domain-host").FillAsync("Café.dropit.test");
        await page.Locator("#domain-path").FillAsync("/api");
        await page.Locator("#domain-user").FillAsync("alice");
        await page.Locator("#domain-password").FillAsync("basic-auth-secret-77");
        await page.ClickAsync("#domain-add");
        var table = page.Locator("#domain-table");
        await Expect(table).ToContainTextAsync("https://xn--caf-dma.dropit.test/api");
        await Expect(table).ToContainTextAsync("alice");
        await Expect(table).ToContainTextAsync("HTTPS");
        await Expect(page.Locator("#domain-host")).ToHaveValueAsync("");
        Assert.DoesNotContain("basic-auth-secret-77", await page.ContentAsync());

        // The same host and path again is refused: it is already routed.
        await page.Locator("#domain-host").FillAsync("café.dropit.test");
        await page.Locator("#domain-path").FillAsync("/api/");
        await page.ClickAsync("#domain-add");
        await Expect(page.Locator("#domain-error")).ToContainTextAsync("xn--caf-dma.dropit.test/api is already routed");

        // A host that could break out of a Traefik rule is refused, and the reason says why.
        await page.Locator("#domain-host").FillAsync("evil`.dropit.test");
        await page.Locator("#domain-path").FillAsync("");
        await page.ClickAsync("#domain-add");
        await Expect(page.Locator("#domain-error")).ToContainTextAsync("is not a valid host name");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.WaitForTimeoutAsync(800);
        await session.ScreenshotAsync("service-domains");

        // Deleting asks first, then the domain is gone.
        var domain = Assert.Single(await panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>().ListAsync(serviceId, cancellationToken)));
        Assert.Equal(("xn--caf-dma.dropit.test", "/api", "alice"), (domain.Host, domain.PathPrefix, Assert.Single(domain.BasicAuthUsers)));
        await page.ClickAsync($"#domain-remove-{domain.Id}");
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("https://xn--caf-dma.dropit.test/api");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("#domain-empty")).ToBeVisibleAsync();
        Assert.Empty(await panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>().ListAsync(serviceId, cancellationToken)));

        // Let's Encrypt staging is chosen, saved, and still chosen after a reload.
        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Certificates & dashboard" }).ClickAsync();
        await Expect(page.Locator("#acme-directory")).ToHaveValueAsync("Custom URL");
        await Expect(page.Locator("#acme-directory-url")).ToHaveValueAsync(UnreachableDirectory);
        // The choice is a round trip through the circuit: save only once the select shows it, or the old value is saved.
        await session.PickAsync(page.Locator("#acme-directory"), "Let's Encrypt staging");
        await page.ClickAsync("#acme-save");
        await Expect(page.GetByText("Certificate settings saved")).ToBeVisibleAsync();
        var stored = await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateSettingsService>().GetAsync(cancellationToken));
        Assert.Equal(AcmeDirectories.LetsEncryptStaging, stored.AcmeDirectoryUrl);
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Certificates & dashboard" }).ClickAsync();
        await Expect(page.Locator("#acme-directory")).ToHaveValueAsync("Let's Encrypt staging");
        await page.WaitForTimeoutAsync(800);
        await session.ScreenshotAsync("settings-certificates");

        // The dashboard is never served without a password.
        await page.Locator("#dashboard-domain").FillAsync("traefik.dropit.test");
        await page.ClickAsync("#dashboard-save");
        await Expect(page.Locator("#dashboard-error")).ToContainTextAsync("needs at least one user");
    }
}
