using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class StaticSiteTests
{
    private const string Host = "front.dropit.test";

    [Fact]
    public async Task StaticSite_CreateUploadThroughThePageAndRollBack_TheEdgeServesEachRelease()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var projectId = await panel.WithScopeAsync(async sp => (await sp.GetRequiredService<ProjectService>()
            .CreateAsync("front", null, Actor.System, cancellationToken)).Value!.Id);
        var folder = Directory.CreateTempSubdirectory("dropit-zips-").FullName;
        var first = Path.Combine(folder, "first.zip");
        var second = Path.Combine(folder, "second.zip");
        await File.WriteAllBytesAsync(first, ViteApp.Zip(await ViteApp.BuildAsync("https://api.first.test", cancellationToken), "dist"), cancellationToken);
        await File.WriteAllBytesAsync(second, ViteApp.Zip(await ViteApp.BuildAsync("https://api.second.test", cancellationToken)), cancellationToken);
        var hostile = Path.Combine(folder, "no-index.zip");
        await File.WriteAllBytesAsync(hostile, HostileZips.Site(new Dictionary<string, string> { ["about.html"] = "<p>about</p>" }), cancellationToken);
        using var edge = new StaticSiteClient(panel.CreateApiClient(null), panel.EdgePort);
        var page = session.Page;
        await session.SignInAsync();

        // A new static site with its domain, from the project page.
        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-static-site");
        // The dialog focuses Name once shown, which can land while the first fill types: then fill again.
        var (name, domain) = (page.Locator("#site-name"), page.Locator("#site-domain"));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await name.FillAsync("web");
            await domain.FillAsync(Host);
            if (await name.InputValueAsync() == "web" && await domain.InputValueAsync() == Host)
            {
                break;
            }
        }

        await Expect(name).ToHaveValueAsync("web");
        await Expect(domain).ToHaveValueAsync(Host);
        await page.ClickAsync("#create-site");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/static-sites/[0-9a-f-]{36}$"));
        await session.WaitForInteractiveAsync();

        // The first upload goes live; the edge serves it for the site's Host.
        await UploadAsync(page, first);
        var releases = page.Locator("#releases");
        await Expect(releases.Locator("tbody tr")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        Assert.Contains("https://api.first.test", await ScriptAsync(edge));

        // A zip without index.html is refused with the reason, and the first release stays live.
        await UploadAsync(page, hostile);
        await Expect(page.Locator("#upload-error")).ToContainTextAsync("index.html", new() { Timeout = 90_000 });
        Assert.Contains("https://api.first.test", await ScriptAsync(edge));

        // The second upload replaces it, live without reloading the page.
        await UploadAsync(page, second);
        await Expect(releases.Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        Assert.Contains("https://api.second.test", await ScriptAsync(edge));
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("static-site-releases");

        // Rollback: one click on the earlier release.
        await releases.Locator("button[id^=activate-]").ClickAsync();
        await Expect(page.GetByText("is live again")).ToBeVisibleAsync();
        Assert.Contains("https://api.first.test", await ScriptAsync(edge));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("static-site-settings");
    }

    /// <summary>Picks a zip as a person does: the button opens the file chooser.</summary>
    private static async Task UploadAsync(IPage page, string path)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.ClickAsync("#upload-release"));
        await chooser.SetFilesAsync(path);
    }

    /// <summary>The page's script, fetched through the static edge as a browser on the site's domain would.</summary>
    private static async Task<string> ScriptAsync(StaticSiteClient edge)
    {
        var html = await (await edge.GetAsync(Host, "/")).Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        return await (await edge.GetAsync(Host, script)).Content.ReadAsStringAsync();
    }
}
