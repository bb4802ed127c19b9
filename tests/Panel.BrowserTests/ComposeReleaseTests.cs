using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>The release command of a compose stack (decision 044) on the File tab: the service it runs in is picked from the file.</summary>
public sealed class ComposeReleaseTests
{
    private const string ComposeFile = "services:\n  api:\n    image: nginx:1.27\n    expose: [\"80\"]\n    depends_on: [db]\n" +
        "  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data:\n";

    [Fact]
    public async Task ReleaseCommand_ServicePickedFromTheFile_IsSavedAndKeptAfterAReload()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        // Stacks are named after the project, and the Docker engine is shared by every test panel: a project name of its own.
        var (inline, git) = await panel.WithScopeAsync(async sp =>
        {
            var project = await sp.GetRequiredService<ProjectService>()
                .CreateAsync("cmprel-" + Guid.NewGuid().ToString("N")[..8], null, Actor.System, cancellationToken);
            var catalog = sp.GetRequiredService<ComposeCatalog>();
            var pasted = await catalog.CreateAsync(project.Value!.Id, new ComposeInput { Name = "shop", File = ComposeFile }, Actor.System, cancellationToken);
            var fromGit = await catalog.CreateAsync(project.Value.Id, new ComposeInput
            {
                Name = "repo", Source = ComposeSource.Git, GitUrl = "https://git.example.test/team/app.git", GitBranch = "main",
                ComposePath = "docker-compose.yml",
            }, Actor.System, cancellationToken);
            return (pasted.Value?.Id ?? throw new InvalidOperationException(pasted.Error),
                fromGit.Value?.Id ?? throw new InvalidOperationException(fromGit.Error));
        });
        var page = session.Page;
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(1440, 1000);
        await session.SignInAsync();

        await OpenFileTabAsync(session, inline);
        await page.Locator("#compose-release-command").FillAsync("php artisan migrate --force");
        // The select keeps its value in a hidden input: its visible box is the input's parent.
        await page.Locator("#compose-release-service").Locator("..").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveTextAsync(["api", "db"]);
        await page.GetByRole(AriaRole.Option, new() { Name = "api", Exact = true }).ClickAsync();
        await Expect(page.Locator("#compose-release-service")).ToHaveValueAsync("api");
        await page.Locator("#compose-release-timeout").FillAsync("120");
        await page.Locator("#compose-post-deploy-command").FillAsync("php artisan cache:clear");
        await page.ClickAsync("#compose-save");
        await Expect(page.Locator("#compose-save-error")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Compose file saved")).ToBeVisibleAsync();

        var saved = await panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().FindAsync(inline, cancellationToken));
        Assert.Equal(new ComposeRelease("php artisan migrate --force", "api", 120, "php artisan cache:clear"), saved!.Release);
        Assert.Equal(ComposeFile, saved.File);

        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "File" }).ClickAsync();
        await Expect(page.Locator("#compose-release-command")).ToHaveValueAsync("php artisan migrate --force");
        await Expect(page.Locator("#compose-release-service")).ToHaveValueAsync("api");
        await Expect(page.Locator("#compose-release-timeout")).ToHaveValueAsync("120");
        await Expect(page.Locator("#compose-post-deploy-command")).ToHaveValueAsync("php artisan cache:clear");
        await page.Locator("#compose-release-command").ScrollIntoViewIfNeededAsync();
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("compose-release");

        // A repository's file is read only by Check (a clone): until then the service is typed, and the field says so.
        await OpenFileTabAsync(session, git);
        var typed = page.Locator("#compose-release-service");
        await Expect(typed).ToHaveAttributeAsync("type", "text");
        await Expect(typed.Locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mud-input-control ')]"))
            .ToContainTextAsync("Check reads the repository's file and offers its services here");
    }

    private static async Task OpenFileTabAsync(BrowserSession session, Guid serviceId)
    {
        await session.Page.GotoAsync($"/compose/{serviceId}");
        await session.WaitForInteractiveAsync();
        await session.Page.GetByRole(AriaRole.Tab, new() { Name = "File" }).ClickAsync();
        await Expect(session.Page.Locator("#compose-release-command")).ToBeVisibleAsync();
    }
}
