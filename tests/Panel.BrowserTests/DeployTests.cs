using System.Text.RegularExpressions;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class DeployTests
{
    private static readonly LocatorAssertionsToContainTextOptions Deploying = new() { Timeout = 180_000 };

    [Fact]
    public async Task GitApplication_DeployRedeployAndRollBack_EachDeploymentIsFollowedLiveWithoutReload()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await TestImages.EnsureBusyboxAsync();
        await using var git = await GitServer.StartAsync();
        var repository = await git.CreateRepositoryAsync("sample", SampleApp.Files("1"), message: "Version 1");
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var project = await panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>()
            .CreateAsync("shop", "Deploy test", Actor.System, cancellationToken));
        var page = session.Page;
        await SignInAsync(page);

        // Create the application from the project page.
        await page.GotoAsync($"/projects/{project.Value!.Id}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-application");
        await page.GetByText("Git repository").ClickAsync();
        await page.Locator("#app-name").FillAsync("web");
        await page.Locator("#app-git-url").FillAsync(repository.CloneUri.ToString());
        await Expect(page.Locator("#app-git-branch")).ToHaveValueAsync("main");
        await page.Locator("#app-port").FillAsync(SampleApp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#app-health-path").FillAsync("/health");
        await session.ScreenshotAsync("new-application");
        await page.ClickAsync("#app-create");
        await Expect(page).ToHaveURLAsync(new Regex("/services/[0-9a-f-]{36}$"));
        var serviceId = Guid.Parse(page.Url[^36..]);
        var deletedThroughPage = false;
        try
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "web" })).ToBeVisibleAsync();
            await Expect(page.Locator("#service-status")).ToContainTextAsync("not deployed");

            // Health settings through the settings form: a check every second, so a healthy version is switched to at once, and
            // failures counted after 30 s only, so a busy machine that starts the container slowly does not fail it.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
            await page.Locator("#settings-health-interval").FillAsync("1");
            await page.Locator("#settings-health-start").FillAsync("30");
            await page.ClickAsync("#settings-save");
            await Expect(page.GetByText("Settings saved")).ToBeVisibleAsync();
            var settings = await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().FindAsync(serviceId, cancellationToken));
            Assert.Equal((1, 30, 8080, "/health"), (settings!.Settings.HealthCheckIntervalSeconds,
                settings.Settings.HealthCheckStartPeriodSeconds, settings.Settings.Port, settings.Settings.HealthCheckPath));

            // A variable is saved, and its value is never shown again.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Environment" }).ClickAsync();
            await page.Locator("#var-key").FillAsync("APP_SECRET");
            await page.Locator("#var-value").FillAsync("value-never-shown-42");
            await page.ClickAsync("#var-save");
            await Expect(page.Locator("#variable-table")).ToContainTextAsync("APP_SECRET");
            await Expect(page.Locator("#var-value")).ToHaveValueAsync("");
            Assert.DoesNotContain("value-never-shown-42", await page.ContentAsync());

            // First deployment: the log streams in while it runs, and the page follows it to the end without a reload.
            await page.ClickAsync("#deploy");
            await Expect(page).ToHaveURLAsync(new Regex("/deployments/[0-9a-f-]{36}$"));
            var first = Guid.Parse(page.Url[^36..]);
            await page.EvaluateAsync("() => window.deployTestMarker = 'same page'");
            var log = page.Locator("#deployment-log");
            await Expect(log).ToContainTextAsync("Cloning", new() { Timeout = 60_000 });
            await Expect(log).ToContainTextAsync("Building", new() { Timeout = 60_000 });
            await session.ScreenshotAsync("deployment-running");
            await Expect(page.Locator("#deployment-status")).ToContainTextAsync("succeeded", Deploying);
            await Expect(page.Locator("#deployment-steps [data-state=complete]").Last).ToContainTextAsync("done");
            await Expect(log).ToContainTextAsync("Deployed in");
            await Expect(page.Locator("#log-live")).ToBeHiddenAsync();
            Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.deployTestMarker"));
            await SettleAsync(page);
            await session.ScreenshotAsync("deployment");

            // A new commit, deployed again from the deployment page.
            var second = await repository.CommitAsync(SampleApp.Files("2"), "Version 2");
            await page.ClickAsync("#redeploy");
            await Expect(page).ToHaveURLAsync(new Regex($"/deployments/(?!{first})[0-9a-f-]{{36}}$"));
            await Expect(page.Locator("#deployment-facts")).ToContainTextAsync(second[..7], Deploying);
            await Expect(page.Locator("#deployment-status")).ToContainTextAsync("succeeded", Deploying);
            Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.deployTestMarker"));

            // Back on the service page, roll back to the first version; the table follows it to live.
            await page.GetByRole(AriaRole.Link, new() { Name = "web" }).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/services/{serviceId}$"));
            var history = page.Locator("#deployment-history");
            await Expect(history.Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(history.Locator("tr", new() { Has = page.Locator(".live-chip") })).ToContainTextAsync("Version 2");
            await page.ClickAsync($"#rollback-{first}");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
            var liveRow = history.Locator("tr", new() { Has = page.Locator(".live-chip") });
            await Expect(liveRow).ToContainTextAsync("Rollback", Deploying);
            await Expect(liveRow).ToContainTextAsync("succeeded");
            await Expect(liveRow).ToContainTextAsync("Version 1");
            await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
            await Expect(history.Locator("tr", new() { Has = page.Locator(".live-version-chip") })).ToContainTextAsync("Version 1");
            await Expect(page.Locator($"#rollback-{first}")).ToHaveCountAsync(0);
            await Expect(page.Locator("#service-status")).ToContainTextAsync("running");
            Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.deployTestMarker"));
            await SettleAsync(page);
            await session.ScreenshotAsync("service");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
            await SettleAsync(page);
            await session.ScreenshotAsync("service-settings");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Webhook & deploy key" }).ClickAsync();
            await Expect(page.Locator("#deploy-key")).ToHaveTextAsync(new Regex("^(ssh-|ecdsa-)\\S+ \\S+"));
            await SettleAsync(page);
            await session.ScreenshotAsync("service-webhook");

            // The list of all deployments leads to each one.
            await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
            await Expect(page.Locator("#deployment-table tbody tr")).ToHaveCountAsync(3);
            await page.Locator("#deployment-table tbody tr").Last.GetByRole(AriaRole.Link, new() { Name = "web" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/deployments/{first}$"));
            await Expect(page.Locator("#deployment-log")).ToContainTextAsync("Deployed in");

            var live = await panel.WithScopeAsync(sp => sp.GetRequiredService<DeploymentHistory>().ListAsync(serviceId, 10, cancellationToken));
            var rollback = Assert.Single(live, d => d.IsLive);
            Assert.Equal((DeploymentTrigger.Rollback, first), (rollback.Trigger, rollback.RollbackOfId));
            var engineServices = await TestImages.DockerAsync("service", "ls", "--quiet", "--filter", $"label=dropit.service={serviceId}");
            Assert.Single(engineServices.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            // Deleting the service removes its Docker services and goes back to the project.
            await page.GetByRole(AriaRole.Link, new() { Name = "web" }).First.ClickAsync();
            await page.ClickAsync("#delete-service");
            var confirm = page.GetByRole(AriaRole.Dialog);
            await Expect(confirm).ToContainTextAsync("containers");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/projects/{project.Value.Id}$"), new() { Timeout = 60_000 });
            await Expect(page.GetByText("No services yet")).ToBeVisibleAsync();
            Assert.Empty(await TestImages.DockerAsync("service", "ls", "--quiet", "--filter", $"label=dropit.service={serviceId}"));
            deletedThroughPage = true;
        }
        finally
        {
            if (!deletedThroughPage)
            {
                await panel.WithScopeAsync(sp => sp.GetRequiredService<ServiceControl>().DeleteAsync(serviceId, Actor.System, CancellationToken.None));
            }
        }
    }

    // Chips fade between colours; let them finish before a screenshot.
    private static Task SettleAsync(IPage page) => page.WaitForTimeoutAsync(800);

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", PanelFactory.AdminEmail);
        await page.FillAsync("#password", PanelFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
    }
}
