using System.Text.RegularExpressions;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class BackupTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Backups_LocalFolderDestinationPolicyAndBackUpNow_VerifiedInTheHistoryAndRestoredIntoANewDatabaseWithItsRows()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await DatabaseImages.EnsureAsync();
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        // Docker services are named <project>-<name> on the engine every test panel shares: a project name of its own.
        var project = "bkui-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("dropit-backups-").FullName;
        var (projectId, databaseId) = await CreateDatabaseAsync(panel, project, cancellationToken);
        try
        {
            var url = await UrlAsync(panel, databaseId, cancellationToken);
            await QueryAsync(url, "CREATE TABLE orders (id serial PRIMARY KEY, item text); INSERT INTO orders (item) VALUES ('tea'), ('cake'), ('jam');");
            var page = session.Page;
            await session.SignInAsync();

            // A folder of this server as the destination, added through its dialog and tested.
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Backups" })).ToHaveAttributeAsync("href", "backups");
            await page.GotoAsync("/backups");
            await session.WaitForInteractiveAsync();
            await page.ClickAsync("#add-destination");
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog).ToContainTextAsync("New destination");
            await dialog.GetByText("Folder of this server").ClickAsync();
            await page.Locator("#destination-folder").FillAsync(folder);
            var name = page.Locator("#destination-name");
            for (var attempt = 0; attempt < 2 && await name.InputValueAsync() != "local"; attempt++)
            {
                await name.FillAsync("local");
            }

            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("backup-destination-dialog");
            await page.ClickAsync("#destination-save");
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(page.Locator("#destination-table")).ToContainTextAsync(folder);
            await page.ClickAsync("#test-local");
            await Expect(page.Locator("#destination-test-result")).ToContainTextAsync("Wrote, read back and deleted");
            await Expect(page.Locator("#destination-test-result")).ToHaveClassAsync(new Regex("success"));

            // On the database page: backups set up to it, then one taken now, followed live and test-restored.
            await page.GotoAsync($"/databases/{databaseId}");
            await session.WaitForInteractiveAsync();
            await page.ClickAsync("#set-up-backups");
            await Expect(dialog).ToContainTextAsync($"Backups of {project}/db");
            await Expect(dialog).ToContainTextAsync("Runs every day at 03:00");
            await page.Locator("#policy-schedule").FillAsync("not a schedule");
            await Expect(dialog).ToContainTextAsync("is not a valid cron schedule");
            await Expect(page.Locator("#policy-save")).ToBeDisabledAsync();
            await page.Locator("#policy-schedule").FillAsync("15 2 * * *");
            await Expect(dialog).ToContainTextAsync("Runs every day at 02:15");
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("backup-policy-dialog");
            await page.ClickAsync("#policy-save");
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(page.Locator("#backup-policy-summary")).ToContainTextAsync("to local");
            await Expect(page.Locator("#backup-history-empty")).ToBeVisibleAsync();

            await page.ClickAsync("#back-up-now");
            await Expect(page.Locator("#backup-progress-text").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await session.ScreenshotAsync("database-backup-running");
            var history = page.Locator("#backup-history");
            await Expect(history.Locator(".backup-status").First).ToHaveTextAsync("Stored", new() { Timeout = (float)Slow.TotalMilliseconds });
            // The test restore's own words when it did not verify.
            var run = await Eventually.MatchesAsync(() => LastRunAsync(panel, databaseId, cancellationToken),
                r => r?.Verification is VerificationStatus.Verified or VerificationStatus.Failed, Slow, "the test restore to end");
            Assert.True(run!.Verification == VerificationStatus.Verified, run.VerificationDetail);
            await Expect(history.Locator(".backup-verification").First).ToHaveTextAsync("Verified");
            await Expect(page.Locator("#backup-progress")).ToHaveCountAsync(0);
            await Expect(history).ToContainTextAsync("Manual");
            await Expect(history).ToContainTextAsync(new Regex($@"{project}-db-\d{{8}}-\d{{6}}-[0-9a-f]{{8}}\.pgdump\.zst"));
            var stored = Assert.Single(Directory.GetFiles(Path.Combine(folder, $"{project}-db")));
            // The download link gives the stored file to the signed-in browser.
            var downloaded = await page.EvaluateAsync<int>("async url => (await (await fetch(url)).arrayBuffer()).byteLength",
                await history.GetByRole(AriaRole.Link, new() { Name = "Download" }).First.GetAttributeAsync("href"));
            Assert.Equal(new FileInfo(stored).Length, downloaded);
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("database-backups");

            // The backups page lists the policy with its last backup.
            await page.GotoAsync("/backups");
            await session.WaitForInteractiveAsync();
            await Expect(page.Locator("#policy-table")).ToContainTextAsync($"{project}/db");
            await Expect(page.Locator("#policy-table")).ToContainTextAsync("every day at 02:15");
            await Expect(page.Locator("#policy-table")).ToContainTextAsync("Verified");
            await Expect(page.Locator("#destination-table")).ToContainTextAsync("1");
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("backups");

            // Restored into a new database: the dialog follows it to its end and links to the new database.
            await page.GotoAsync($"/databases/{databaseId}");
            await session.WaitForInteractiveAsync();
            await page.Locator(".restore-backup").First.ClickAsync();
            await Expect(page.Locator("#restore-name")).ToHaveValueAsync("db-restored");
            await page.ClickAsync("#restore-start");
            await Expect(page.Locator("#restore-running")).ToBeVisibleAsync();
            await Expect(page.Locator("#restore-result")).ToContainTextAsync("Restored", new() { Timeout = (float)Slow.TotalMilliseconds });
            await Expect(page.Locator("#restore-result")).ToHaveClassAsync(new Regex("success"));
            await page.WaitForTimeoutAsync(600);
            await session.ScreenshotAsync("backup-restored");
            await page.ClickAsync("#restored-database-link");
            await Expect(page).ToHaveURLAsync(new Regex($"/databases/(?!{databaseId})[0-9a-f-]{{36}}$"));
            var restoredId = Guid.Parse(page.Url[^36..]);
            Assert.NotEqual(databaseId, restoredId);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "db-restored" })).ToBeVisibleAsync();

            var restoredUrl = await UrlAsync(panel, restoredId, cancellationToken);
            Assert.Equal("cake,jam,tea", (await QueryAsync(restoredUrl, "SELECT string_agg(item, ',' ORDER BY item) FROM orders")).Trim());
        }
        finally
        {
            // The database and its restored copy, whether or not the test got as far as the copy.
            var databases = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services
                .Where(s => s.ProjectId == projectId && s.Kind == ServiceKind.Database).Select(s => s.Id).ToListAsync(CancellationToken.None));
            foreach (var id in databases)
            {
                await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseControl>().DeleteAsync(id, true, Actor.System, CancellationToken.None));
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A PostgreSQL 15 database (the stand-in image), started.</summary>
    private static async Task<(Guid ProjectId, Guid DatabaseId)> CreateDatabaseAsync(PanelFactory panel, string project, CancellationToken cancellationToken)
    {
        var projectId = (await panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>()
            .CreateAsync(project, null, Actor.System, cancellationToken))).Value!.Id;
        var created = await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().CreateAsync(projectId,
            new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15"), Actor.System, cancellationToken));
        var id = created.Value?.Id ?? throw new InvalidOperationException(created.Error);
        var deployment = await Eventually.MatchesAsync(
            () => panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.AsNoTracking()
                .Where(d => d.ServiceId == id).OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(cancellationToken)),
            d => d is { Status: DeploymentStatus.Succeeded or DeploymentStatus.Failed or DeploymentStatus.Cancelled },
            TimeSpan.FromMinutes(5), "the database's first start to finish");
        Assert.Equal(DeploymentStatus.Succeeded, deployment!.Status);
        return (projectId, id);
    }

    private static Task<BackupRunView?> LastRunAsync(PanelFactory panel, Guid databaseId, CancellationToken cancellationToken) =>
        panel.WithScopeAsync(async sp =>
        {
            var policies = sp.GetRequiredService<BackupPolicies>();
            var policy = (await policies.ListAsync(databaseId, cancellationToken)).Single();
            return (await policies.RunsAsync(policy.Id, 1, cancellationToken)).FirstOrDefault();
        });

    private static async Task<string> UrlAsync(PanelFactory panel, Guid databaseId, CancellationToken cancellationToken) =>
        (await panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().RevealAsync(databaseId, Actor.System, cancellationToken))).Value!.Url;

    /// <summary>psql in a throwaway container on the database's network (its project's).</summary>
    private static async Task<string> QueryAsync(string url, string sql) =>
        await TestImages.DockerAsync("run", "--rm", "--network", await TestNetworks.OfUrlAsync(url), DatabaseImages.Postgres15, "psql", url, "-X",
            "-v", "ON_ERROR_STOP=1", "-tAc", sql);
}
