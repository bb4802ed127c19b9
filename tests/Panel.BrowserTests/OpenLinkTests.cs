using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>A service without a domain gets a generated one in one click, and "Open" leads through its route.</summary>
public sealed class OpenLinkTests
{
    private const string Generated = "web-shop.203-0-113-10.sslip.io";

    [Fact]
    public async Task GenerateDomain_OnASiteWithoutOne_OpenLeadsThroughTheGeneratedRoute()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        panel.Settings["Domains:PublicAddress"] = "203.0.113.10";
        // Nothing answers Traefik's ping here: a loopback port nothing listens on.
        panel.Settings["Traefik:PingUrl"] = $"http://127.0.0.1:{FreePorts.Next()}/ping";
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var (projectId, siteId) = await RoutedSites.LiveAsync(panel, "shop", "web", cancellationToken);
        using var edge = new StaticSiteClient(panel.CreateApiClient(null), panel.EdgePort);
        var page = session.Page;
        await session.SignInAsync();

        // A live site without a domain: nothing to open yet; the Domains tab offers a generated name.
        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator($"#open-{siteId}")).ToHaveCountAsync(0);
        await page.GotoAsync($"/static-sites/{siteId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await Expect(page.Locator("#domain-generate-preview")).ToContainTextAsync(Generated);
        await page.ClickAsync("#domain-generate");
        await Expect(page.Locator("#domain-table")).ToContainTextAsync($"http://{Generated}");
        // No Traefik answers: the new domain's chip says so once its route is written.
        await Expect(page.Locator("#domain-table .serving-chip")).ToHaveTextAsync("not served: Traefik unreachable");

        // Its route is written for the generated host and is a file Traefik accepts.
        var routeFile = await RoutedSites.RouteFileAsync(panel, siteId, Generated);
        Assert.Empty((await TraefikSchema.LoadAsync()).Validate(routeFile));

        // "Open" on the site's header and in the project's list leads there, in a new tab that cannot reach back.
        var open = page.Locator("#open-site");
        await Expect(open).ToHaveAttributeAsync("href", $"http://{Generated}");
        await page.WaitForTimeoutAsync(500);
        await session.ScreenshotAsync("site-open-generated");
        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        var listed = page.Locator($"#open-{siteId}");
        await Expect(listed).ToHaveAttributeAsync("href", $"http://{Generated}");
        await Expect(listed).ToHaveAttributeAsync("target", "_blank");
        await Expect(listed).ToHaveAttributeAsync("rel", new System.Text.RegularExpressions.Regex("noopener"));
        await page.WaitForTimeoutAsync(500);
        await session.ScreenshotAsync("project-open-links");

        // Behind Traefik, the generated host reaches the site: the edge serves it for that Host.
        var served = await Eventually.MatchesAsync(() => edge.GetTextAsync(Generated, "/"), text => text.StartsWith("200 "),
            TimeSpan.FromSeconds(20), $"the site served for {Generated}");
        Assert.Contains(RoutedSites.Marker, served);
    }

    [Fact]
    public async Task DomainsPanel_TypedHost_ShowsTheARecordsToCreateAndChecksThem()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        panel.Settings["Domains:PublicAddress"] = "203.0.113.10, 2001:db8::10";
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("dns", "api", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await Expect(page.Locator("#dns-server-address")).ToContainTextAsync("203.0.113.10, 2001:db8::10 (configured)");
        await page.Locator("#domain-host").FillAsync("Shop.Example.com");

        var records = page.Locator("#dns-record-table tbody tr");
        await Expect(records).ToHaveCountAsync(2);
        await Expect(records.Nth(0)).ToHaveTextAsync("Ashop.example.com203.0.113.10");
        await Expect(records.Nth(1)).ToHaveTextAsync("AAAAshop.example.com2001:db8::10");

        // A real lookup, a few seconds at most: where the name resolves today, or that nobody could say.
        await page.ClickAsync("#dns-check");
        var result = page.Locator("#dns-check-result");
        await Expect(result).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(result).ToContainTextAsync("shop.example.com");
        Assert.Contains(await result.GetAttributeAsync("data-state"), new[] { "missing", "unknown", "elsewhere" });
        await page.WaitForTimeoutAsync(500);
        await session.ScreenshotAsync("domains-dns-records");
    }
}
