using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>
/// The Server page's "Proxy and edge" card and the domain chips say what serves a domain. Traefik itself cannot run
/// here: its ping endpoint is played by <see cref="TraefikPingStandIn"/>, a real HTTP server keeping Traefik's
/// <c>GET /ping</c> → 200 "OK" contract.
/// </summary>
public sealed class ProxyEdgeTests
{
    private const string Host = "front.dropit.test";

    [Fact]
    public async Task ServerPageAndDomainChips_WithoutTraefik_SayUnreachable_ThenServedOnceItsPingAnswers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pingPort = FreePorts.Next();
        var panel = new PanelFactory();
        panel.Settings["Traefik:PingUrl"] = $"http://127.0.0.1:{pingPort}/ping";
        panel.Settings["Domains:PublicAddress"] = "203.0.113.10";
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var (_, siteId) = await RoutedSites.LiveAsync(panel, "front", "web", cancellationToken, Host);
        var routeFile = await RoutedSites.RouteFileAsync(panel, siteId, Host);
        Assert.Empty((await TraefikSchema.LoadAsync()).Validate(routeFile));
        var monitor = panel.Services.GetRequiredService<ProxyStatusMonitor>();
        await monitor.CheckAsync(cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        // Nothing answers Traefik's ping: the card says so, and why.
        await page.GotoAsync("/server");
        await session.WaitForInteractiveAsync();
        var traefik = page.Locator("#proxy-traefik");
        await Expect(traefik).ToHaveAttributeAsync("data-state", "down");
        await Expect(traefik).ToContainTextAsync("unreachable");
        await Expect(traefik).ToContainTextAsync($"127.0.0.1:{pingPort}");
        await Expect(page.Locator("#proxy-dynamic")).ToContainTextAsync("writable");
        await Expect(page.Locator("#proxy-static-edge")).ToHaveAttributeAsync("data-state", "up");
        await Expect(page.Locator("#proxy-public-address")).ToContainTextAsync("203.0.113.10");
        await Expect(page.Locator("#proxy-public-address")).ToContainTextAsync("configured");
        await page.WaitForTimeoutAsync(500);
        await session.ScreenshotAsync("server-proxy-down");

        // The site's domain chip does not pretend: the route is written, but nothing serves it.
        var domain = Assert.Single(await panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>().ListAsync(siteId, cancellationToken)));
        await page.GotoAsync($"/static-sites/{siteId}");
        await session.WaitForInteractiveAsync();
        var chip = page.Locator($"#site-domain-state-{domain.Id}");
        await Expect(chip).ToHaveTextAsync("not served: Traefik unreachable");
        await Expect(chip).ToHaveAttributeAsync("data-level", "notserved");
        await session.ScreenshotAsync("site-not-served");

        // Traefik's ping answers: the next check reaches the open page without a reload.
        await using var ping = TraefikPingStandIn.Start(pingPort);
        await monitor.CheckAsync(cancellationToken);
        await Expect(chip).ToHaveTextAsync("served");
        await Expect(chip).ToHaveAttributeAsync("data-level", "served");
        Assert.True(ping.Answered > 0);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/server");
        await session.WaitForInteractiveAsync();
        await Expect(traefik).ToHaveAttributeAsync("data-state", "up");
        await Expect(traefik).ToContainTextAsync("answers OK");
        await page.WaitForTimeoutAsync(800);
        await session.ScreenshotAsync("server-proxy-up");
    }
}
