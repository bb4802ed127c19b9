using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>A certificate the CA refuses shows the CA's own reason on the page, with Retry, since it was never issued.</summary>
public sealed class CertificateReasonTests
{
    private const string Host = "refused.dropit.test";

    [Fact]
    public async Task FailingCertificate_ShowsTheCasReasonOnThePage_AndRetryTriesAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var pebble = await Pebble.StartAsync();
        var panel = new PanelFactory();
        panel.Settings["Acme:Enabled"] = "true";
        panel.Settings["Acme:TrustedCaCertificatePath"] = pebble.TlsCertificatePath;
        // The panel listens elsewhere than where pebble fetches its HTTP-01 answer: the CA's check is refused.
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateSettingsService>()
            .UpdateAcmeAsync(pebble.DirectoryUrl.ToString(), null, null, Actor.System, cancellationToken));
        var serviceId = await session.CreateImageApplicationAsync("secure", "web", cancellationToken);
        await panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>()
            .AddAsync(serviceId, new DomainInput(Host), Actor.System, cancellationToken));
        var failed = await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Certificates.AsNoTracking()
                .FirstOrDefaultAsync(c => c.ServiceId == serviceId, cancellationToken)),
            c => c is { State: CertificateState.Failing }, TimeSpan.FromSeconds(60), "the order to fail");
        var caReason = failed!.LastError ?? "";
        Assert.StartsWith("urn:ietf:params:acme:error:", caReason);
        var page = session.Page;
        await session.SignInAsync();

        // The CA's words are on the page itself, not behind a tooltip.
        await page.GotoAsync("/certificates");
        await session.WaitForInteractiveAsync();
        var reason = page.Locator($"#reason-{failed.Id}");
        await Expect(reason).ToBeVisibleAsync();
        await Expect(reason).ToContainTextAsync(caReason[..Math.Min(caReason.Length, 60)]);
        await Expect(reason).ToContainTextAsync("Next automatic attempt");
        await Expect(page.Locator($"#renew-{failed.Id}")).ToHaveCountAsync(0);
        var retry = page.Locator($"#retry-{failed.Id}");
        await Expect(retry).ToHaveTextAsync("Retry");
        await page.WaitForTimeoutAsync(500);
        await session.ScreenshotAsync("certificate-failing");

        // Retry does not wait for the panel's own pause: a new attempt reaches the CA, and is refused again.
        await retry.ClickAsync();
        await Expect(page.GetByText("The certificate could not be issued")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var again = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Certificates.AsNoTracking()
            .SingleAsync(c => c.Id == failed.Id, cancellationToken));
        Assert.True(again.UpdatedAt > failed.UpdatedAt, "Retry made a new attempt.");
    }
}
