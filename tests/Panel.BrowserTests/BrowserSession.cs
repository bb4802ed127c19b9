using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DropIt.Panel.BrowserTests;

/// <summary>The panel on a real Kestrel port, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private BrowserSession(PanelFactory panel, IPlaywright playwright, IBrowser browser, IPage page, string baseUrl)
    {
        Panel = panel;
        Playwright = playwright;
        Browser = browser;
        Page = page;
        BaseUrl = baseUrl;
    }

    public PanelFactory Panel { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public IPage Page { get; }
    public string BaseUrl { get; }

    /// <summary>Starts the panel on <paramref name="port"/> (0: any free port) and a browser on it.</summary>
    public static async Task<BrowserSession> StartAsync(PanelFactory panel, int port = 0)
    {
        panel.UseKestrel(port);
        panel.StartServer();
        var address = panel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("DROPIT_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address,
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(20_000);
        // The browser tests share two cores with the integration tests: give assertions the same patience as actions.
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => File.AppendAllText("/tmp/browser.log", $"[browser {m.Type}] {m.Text}\n");
        page.Response += (_, r) => { if (r.Status >= 400) File.AppendAllText("/tmp/browser.log", $"[browser http {r.Status}] {r.Url}\n"); };
        page.RequestFailed += (_, r) => File.AppendAllText("/tmp/browser.log", $"[browser failed] {r.Url} {r.Failure}\n");
        return new BrowserSession(panel, playwright, browser, page, address);
    }

    /// <summary>Waits until the page's Blazor circuit runs, so clicks reach their handlers.</summary>
    public Task WaitForInteractiveAsync() => Page.Locator("#panel-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Picks <paramref name="option"/> in a select and waits until <paramref name="input"/> shows it. On a busy machine a
    /// click on an option has been lost while the list was still opening: the pick is tried again, three times at most.
    /// </summary>
    /// <param name="input">The select's input, which holds the value shown.</param>
    /// <param name="option">The option's text, which is also the value shown once picked.</param>
    /// <param name="box">What opens the list when it is not the input itself.</param>
    public async Task PickAsync(ILocator input, string option, ILocator? box = null)
    {
        var item = Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            if (!await item.IsVisibleAsync())
            {
                await (box ?? input).ClickAsync();
            }

            await item.ClickAsync();
            try
            {
                await Assertions.Expect(input).ToHaveValueAsync(option, new() { Timeout = attempt < 3 ? 5_000 : null });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Signs the bootstrap admin in through the sign-in form and waits for the projects page.</summary>
    public async Task SignInAsync()
    {
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#email", PanelFactory.AdminEmail);
        await Page.FillAsync("#password", PanelFactory.AdminPassword);
        await Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/projects$"));
    }

    /// <summary>A project with one application from an image (nothing deployed), made through the Core services.</summary>
    public Task<Guid> CreateImageApplicationAsync(string project, string service, CancellationToken cancellationToken) =>
        Panel.WithScopeAsync(async sp =>
        {
            var created = await sp.GetRequiredService<Core.Projects.ProjectService>()
                .CreateAsync(project, null, Core.Common.Actor.System, cancellationToken);
            var input = new Core.Applications.ApplicationInput
            {
                Name = service, SourceType = Core.Projects.SourceType.Image, Image = TestImages.Busybox, Port = 8080,
            };
            var application = await sp.GetRequiredService<Core.Applications.ApplicationCatalog>()
                .CreateAsync(created.Value!.Id, input, Core.Common.Actor.System, cancellationToken);
            return application.Value?.Id ?? throw new InvalidOperationException(application.Error);
        });

    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Panel.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}
