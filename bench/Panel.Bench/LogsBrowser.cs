using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DropIt.Panel.Bench;

/// <summary>
/// Debian's Chromium (headless) driven by Playwright, signed in as the bootstrap admin through the sign-in form; every
/// page it opens shares that sign-in. Set <c>DROPIT_TEST_CHROMIUM</c> to use another Chromium.
/// </summary>
internal sealed partial class LogsBrowser : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IBrowserContext context;

    private LogsBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        this.playwright = playwright;
        this.browser = browser;
        this.context = context;
    }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("DROPIT_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<LogsBrowser> StartAsync(Uri baseAddress)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} does not exist: the logs mode needs Chromium (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseAddress.ToString().TrimEnd('/'),
                ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
            });
            context.SetDefaultTimeout(30_000);
            return new LogsBrowser(playwright, browser, context);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Signs in through the form, as a person does, and waits for the projects page.</summary>
    public async Task SignInAsync(string email, string password)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", email);
            await page.FillAsync("#password", password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(ProjectsUrl());
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// A new page on <c>/services/{id}</c> with its Logs tab open, following (the default), once the opening read is
    /// shown; then it watches its line counter (see <see cref="LogsPage"/>).
    /// </summary>
    public async Task<LogsPage> OpenLogsAsync(Guid serviceId)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"/services/{serviceId}");
            await page.Locator("#panel-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByRole(AriaRole.Tab, new() { Name = "Logs", Exact = true }).ClickAsync();
            await page.Locator("#logs-live").WaitForAsync(new() { State = WaitForSelectorState.Visible });
            await page.Locator("#service-logs").GetByText("Loading the logs").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            return await LogsPage.WatchAsync(page);
        }
        catch
        {
            await page.CloseAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [GeneratedRegex("/projects$")]
    private static partial Regex ProjectsUrl();
}
