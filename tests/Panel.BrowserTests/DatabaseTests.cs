using System.Text.RegularExpressions;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class DatabaseTests
{
    [Fact]
    public async Task Database_CreatedFromTheProjectPageAndLinkedToAnApplication_ShowsAMaskedUrlCopiesTheRealOneAndStoresTheReference()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        // The Docker engine, where the database runs as <project>-<name>, is shared by every test panel: a project name of its own.
        var project = "dbui-" + Guid.NewGuid().ToString("N")[..8];
        var applicationId = await session.CreateImageApplicationAsync(project, "web", cancellationToken);
        var application = await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().FindAsync(applicationId, cancellationToken));
        var projectId = application!.ProjectId;
        await session.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = session.BaseUrl });
        var page = session.Page;
        await session.SignInAsync();

        // A PostgreSQL 16 database from the project page (no postgres:16 image here: its first start is not waited for).
        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-database");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("New database");
        await session.PickAsync(page.Locator("#db-engine"), "Redis");
        await Expect(page.Locator("#db-version")).ToHaveValueAsync("7");
        await Expect(page.Locator("#db-appendonly-note")).ToBeVisibleAsync();
        await Expect(page.Locator("#new-setting-name-0")).ToHaveValueAsync("appendonly");
        await Expect(page.Locator("#db-database")).ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("new-database-redis");
        await session.PickAsync(page.Locator("#db-engine"), "PostgreSQL");
        await Expect(page.Locator("#db-version")).ToHaveValueAsync("16");
        await Expect(page.Locator("#db-image")).ToHaveAttributeAsync("placeholder", "postgres:16-alpine");
        await Expect(page.Locator("#new-setting-name-0")).ToHaveCountAsync(0);
        await Expect(page.Locator("#db-database")).ToHaveAttributeAsync("placeholder", "app");

        // One init script pasted, one read from a file.
        await page.GetByText("Init scripts (0)").ClickAsync();
        await page.ClickAsync("#new-add-script");
        await page.Locator("#new-script-name-0").FillAsync("01-schema.sql");
        await page.Locator("#new-script-content-0").FillAsync("CREATE TABLE notes (id serial PRIMARY KEY, body text);\n");
        var seed = Path.Combine(Directory.CreateTempSubdirectory("dropit-scripts-").FullName, "02-seed.sql");
        await File.WriteAllTextAsync(seed, "INSERT INTO notes (body) VALUES ('first');\n", cancellationToken);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.ClickAsync("#new-upload-scripts"));
        await chooser.SetFilesAsync(seed);
        await Expect(page.Locator("#new-script-name-1")).ToHaveValueAsync("02-seed.sql");
        await Expect(page.Locator("#new-script-content-1")).ToHaveValueAsync("INSERT INTO notes (body) VALUES ('first');\n");
        // The dialog focuses Name once shown, which can land while the first fill types: then fill again.
        var name = page.Locator("#db-name");
        for (var attempt = 0; attempt < 2 && await name.InputValueAsync() != "main"; attempt++)
        {
            await name.FillAsync("main");
        }

        await Expect(name).ToHaveValueAsync("main");
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("new-database");
        await page.ClickAsync("#db-create");
        await Expect(page).ToHaveURLAsync(new Regex("/databases/[0-9a-f-]{36}$"));
        var databaseId = Guid.Parse(page.Url[^36..]);
        var deletedThroughPage = false;
        try
        {
            await session.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "main" })).ToBeVisibleAsync();
            await Expect(page.Locator("#database-engine")).ToHaveTextAsync("PostgreSQL 16");
            await Expect(page.Locator("#internal-url")).ToHaveTextAsync($"postgresql://app:***@{project}-main:5432/app");
            await Expect(page.Locator("#database-reference")).ToHaveTextAsync("${{ main.url }}");
            var created = await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().FindAsync(databaseId, cancellationToken));
            Assert.Equal(["01-schema.sql", "02-seed.sql"], created!.InitScripts.Select(s => s.Name));
            Assert.Empty(created.ServerSettings);

            // The copy button copies the real URL, password included, though the page shows it masked.
            await page.ClickAsync("#copy-url");
            await Expect(page.GetByText("is copied to the clipboard")).ToBeVisibleAsync();
            var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            var credentials = (await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>()
                .RevealAsync(databaseId, Actor.System, cancellationToken))).Value!;
            Assert.Equal(credentials.Url, copied);
            Assert.Matches($"^postgresql://app:[A-Za-z0-9_-]{{43}}@{project}-main:5432/app$", copied);
            Assert.DoesNotContain(credentials.Password, await page.ContentAsync());
            await page.WaitForTimeoutAsync(800);
            await session.ScreenshotAsync("database");

            // Show credentials reveals them in a dialog; once it is closed, the password is not left in the page.
            await page.ClickAsync("#show-credentials");
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.Locator("#credential-user")).ToHaveTextAsync("app");
            await Expect(dialog.Locator("#credential-password")).ToHaveTextAsync(credentials.Password);
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("database-credentials");
            await page.ClickAsync("#credentials-close");
            await Expect(dialog).ToHaveCountAsync(0);
            Assert.DoesNotContain(credentials.Password, await page.ContentAsync());
            await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
            await Expect(page.Locator("#settings-version")).ToHaveValueAsync("16");
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("database-settings");
            // A major PostgreSQL upgrade is not a restart: the form says how it is done instead.
            // The select keeps its value in a hidden input: its visible box is the input's parent.
            await session.PickAsync(page.Locator("#settings-version"), "17", page.Locator("#settings-version").Locator(".."));
            await page.ClickAsync("#settings-save");
            await Expect(page.Locator("#database-settings-error")).ToContainTextAsync("PostgreSQL 16 to 17 is a major upgrade");
            await Expect(page.Locator("#database-settings-error")).ToContainTextAsync("dump and restore");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Init scripts" }).ClickAsync();
            await Expect(page.Locator("#edit-script-name-1")).ToHaveValueAsync("02-seed.sql");
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("database-init-scripts");

            // The application's variables: the menu puts the database's reference in a new DATABASE_URL.
            await page.GotoAsync($"/services/{applicationId}");
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Insert database URL" }).ClickAsync();
            await Expect(page.Locator("#insert-main")).ToContainTextAsync("${{ main.url }}");
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("variables-insert-database-url");
            await page.Locator("#insert-main").ClickAsync();
            await Expect(page.Locator("#var-key")).ToHaveValueAsync("DATABASE_URL");
            await Expect(page.Locator("#var-value")).ToHaveValueAsync("${{ main.url }}");
            await page.ClickAsync("#var-save");
            await Expect(page.Locator("#variable-table")).ToContainTextAsync("DATABASE_URL");
            var stored = await panel.WithScopeAsync(async sp =>
            {
                var variable = await sp.GetRequiredService<PanelDbContext>().EnvironmentVariables
                    .SingleAsync(v => v.ServiceId == applicationId && v.Key == "DATABASE_URL", cancellationToken);
                return sp.GetRequiredService<ISecretProtector>().Unprotect(variable.EncryptedValue);
            });
            Assert.Equal("${{ main.url }}", stored);

            // Deleting asks whether the volume goes too, unchecked (kept) by default.
            await page.GotoAsync($"/databases/{databaseId}");
            await session.WaitForInteractiveAsync();
            await page.ClickAsync("#delete-database");
            var volumeChoice = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Checkbox);
            await Expect(volumeChoice).Not.ToBeCheckedAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"{project}-main-data");
            await volumeChoice.CheckAsync();
            await Expect(page.Locator("#delete-volume-warning")).ToBeVisibleAsync();
            await page.ClickAsync("#confirm-delete");
            await Expect(page).ToHaveURLAsync(new Regex($"/projects/{projectId}$"), new() { Timeout = 60_000 });
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "main" })).ToHaveCountAsync(0);
            Assert.Null(await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().FindAsync(databaseId, cancellationToken)));
            deletedThroughPage = true;
        }
        finally
        {
            if (!deletedThroughPage)
            {
                await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseControl>()
                    .DeleteAsync(databaseId, true, Actor.System, CancellationToken.None));
            }
        }
    }
}
