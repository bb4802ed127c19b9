using System.Text.RegularExpressions;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class ComposeTests
{
    private const string Valid = "services:\n  web:\n    image: nginx:1.27\n    expose: [\"80\"]\n    depends_on: [db]\n" +
        "  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data:\n";

    // Line 4 names a service the file does not have.
    private const string Broken = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache]\n";

    private const string Secret = "browser-secret-4411c7";

    [Fact]
    public async Task ComposeStack_PastedWithAnError_ShowsTheLine_FixedShowsThePlan_AndItsEnvNeverReachesThePage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        // Stacks are named after the project, and the Docker engine is shared by every test panel: a project name of its own.
        var project = "cmpui-" + Guid.NewGuid().ToString("N")[..8];
        var projectId = (await panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>()
            .CreateAsync(project, null, Actor.System, cancellationToken))).Value!.Id;
        var page = session.Page;
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await session.SignInAsync();

        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-compose");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("New compose stack");
        // The dialog focuses Name once shown, which can land while the first fill types: then fill again.
        var name = page.Locator("#compose-name");
        for (var attempt = 0; attempt < 2 && await name.InputValueAsync() != "shop"; attempt++)
        {
            await name.FillAsync("shop");
        }

        await page.Locator("#compose-file").FillAsync(Broken);
        await page.ClickAsync("#compose-check");
        // A check is a round trip through the circuit: on a loaded machine it can take longer than an expectation's 5 s.
        await Expect(page.Locator("#compose-errors li[data-line='4']")).ToContainTextAsync("Line 4: service web:", new() { Timeout = 30_000 });
        await Expect(page.Locator("#compose-errors")).ToContainTextAsync("cache");
        await Expect(page.Locator("#compose-line-count")).ToContainTextAsync("4 lines");

        await page.Locator("#compose-file").FillAsync(Valid);
        await page.ClickAsync("#compose-check");
        await Expect(page.Locator("#compose-errors")).ToHaveCountAsync(0);
        await Expect(page.Locator("#compose-plan-services tr[data-service='web']")).ToContainTextAsync("nginx:1.27", new() { Timeout = 30_000 });
        await Expect(page.Locator("#compose-plan-services tr[data-service='db']")).ToContainTextAsync("postgres:16");
        await Expect(page.Locator("#compose-plan-volumes")).ToContainTextAsync("db-data");
        await Expect(page.Locator("#compose-create")).ToBeEnabledAsync();
        await page.ClickAsync("#compose-create");

        // Creating is a round trip through the circuit; on a loaded machine it can take longer than a click's wait.
        await Expect(page.Locator("#compose-error")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/compose/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        var id = Guid.Parse(page.Url[^36..]);
        await session.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop" })).ToBeVisibleAsync();
        await Expect(page.Locator("#compose-services tr:has-text('db')")).ToContainTextAsync("not deployed");
        var saved = await panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().FindAsync(id, cancellationToken));
        Assert.Equal((Valid, $"{project}-shop"), (saved!.File, saved.StackName));

        await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await page.Locator("#compose-env").FillAsync($"DB_PASSWORD={Secret}\nMODE=live\n");
        await page.ClickAsync("#compose-env-save");
        await Expect(page.Locator("#compose-env-keys [data-key='DB_PASSWORD']")).ToBeVisibleAsync();
        await Expect(page.Locator("#compose-env-keys [data-key='MODE']")).ToBeVisibleAsync();
        await Expect(page.Locator("#compose-env")).ToHaveValueAsync("");
        Assert.DoesNotContain(Secret, await page.ContentAsync());
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
        await Expect(page.Locator("#compose-env-keys [data-key='DB_PASSWORD']")).ToBeVisibleAsync();
        Assert.DoesNotContain(Secret, await page.ContentAsync());
        Assert.Equal(["DB_PASSWORD", "MODE"],
            (await panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().FindAsync(id, cancellationToken)))!.EnvKeys);

        // A domain names one of the file's services; its port comes from the file (web exposes 80).
        await page.GetByRole(AriaRole.Tab, new() { Name = "Domains" }).ClickAsync();
        await page.Locator("#domain-compose-service").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "web" }).ClickAsync();
        await Expect(page.Locator("#domain-port")).ToHaveValueAsync("80");
        await page.Locator("#domain-host").FillAsync($"{project}.example.test");
        await page.ClickAsync("#domain-add");
        await Expect(page.Locator("#domain-table")).ToContainTextAsync("web");
        var domain = Assert.Single(await panel.WithScopeAsync(sp => sp.GetRequiredService<Core.Routing.DomainService>().ListAsync(id, cancellationToken)));
        Assert.Equal(("web", 80), (domain.ComposeService, domain.Port));

        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.Locator("#compose-domains-next-deployment")).ToContainTextAsync("web is not on the project network yet");
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("compose-domains");
        await page.GetByRole(AriaRole.Tab, new() { Name = "File" }).ClickAsync();
        await page.ClickAsync("#compose-check");
        await Expect(page.Locator("#compose-plan-volumes")).ToContainTextAsync("db-data");
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("compose-file");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.Locator("#compose-services")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("compose-overview");
    }
}
