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

/// <summary>Pages that say what is really the case: an edge that cannot serve, a port that does not match, an unknown address.</summary>
public sealed class HonestStatesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StaticUpload_EdgeImageCannotBePulled_EndsSayingTheReleaseIsLiveOnDiskAndWhyItIsNotServed()
    {
        var panel = new PanelFactory();
        panel.Settings["StaticSites:EdgeMode"] = "Container";
        panel.Settings["StaticSites:EdgeImage"] = "127.0.0.1:9/dropit-test/no-such-edge:missing";
        panel.Settings["StaticSites:EdgeContainerName"] = "dropit-test-edge-" + Guid.NewGuid().ToString("N")[..8];
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var projectId = await panel.WithScopeAsync(async sp => (await sp.GetRequiredService<ProjectService>()
            .CreateAsync("front", null, Actor.System, Ct)).Value!.Id);
        var zip = Path.Combine(Directory.CreateTempSubdirectory("dropit-zips-").FullName, "dist.zip");
        await File.WriteAllBytesAsync(zip, HostileZips.Site(new Dictionary<string, string> { ["index.html"] = HostileZips.IndexHtml }), Ct);
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-static-site");
        var (name, domain) = (page.Locator("#site-name"), page.Locator("#site-domain"));
        for (var attempt = 0; attempt < 2 && (await name.InputValueAsync() != "web" || await domain.InputValueAsync() != "offline.dropit.test"); attempt++)
        {
            await name.FillAsync("web");
            await domain.FillAsync("offline.dropit.test");
        }

        await page.ClickAsync("#create-site");
        await Expect(page).ToHaveURLAsync(new Regex("/static-sites/[0-9a-f-]{36}$"));
        await session.WaitForInteractiveAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.ClickAsync("#upload-release"));
        await chooser.SetFilesAsync(zip);

        var warning = page.Locator("#upload-warning");
        await Expect(warning).ToContainTextAsync("Release dist.zip is live on disk", new() { Timeout = 60_000 });
        await Expect(warning).ToContainTextAsync("Static edge unavailable: its image 127.0.0.1:9/dropit-test/no-such-edge:missing is not on this host");
        await Expect(warning).ToContainTextAsync("StaticSites:EdgeImage");
        await Expect(page.Locator("#upload-state")).ToHaveCountAsync(0);
        await Expect(page.Locator("#releases tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#upload-release")).ToBeEnabledAsync();
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("static-upload-edge-unavailable");

        // Opened again later, the page still says why the site is not served.
        await page.ReloadAsync();
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("#edge-problem")).ToContainTextAsync("Static sites are live on disk but not served");
    }

    [Fact]
    public async Task ServicePage_ImageExposesAnotherPort_WarnsBeforeDeployingAndAfterTheFailureLinksToTheSetting()
    {
        await Exposes8080Image.EnsureAsync();
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await panel.WithScopeAsync(async sp =>
        {
            var project = await sp.GetRequiredService<ProjectService>().CreateAsync("ports", null, Actor.System, Ct);
            var created = await sp.GetRequiredService<ApplicationCatalog>().CreateAsync(project.Value!.Id, new ApplicationInput
            {
                Name = "api", SourceType = SourceType.Image, Image = Exposes8080Image.Tag, Port = 80, HealthCheckPath = "/health",
                HealthCheckIntervalSeconds = 1, HealthCheckTimeoutSeconds = 2, HealthCheckRetries = 3, HealthCheckStartPeriodSeconds = 0,
            }, Actor.System, Ct);
            return created.Value?.Id ?? throw new InvalidOperationException(created.Error);
        });
        var page = session.Page;
        await session.SignInAsync();

        // Before any deployment: the page reads the image and says the ports disagree.
        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("#port-warning")).ToContainTextAsync("The image exposes 8080/tcp, the service sends traffic to 80");
        await session.ScreenshotAsync("service-port-warning");

        var deployment = await panel.WithScopeAsync(sp => sp.GetRequiredService<DeploymentService>()
            .QueueAsync(serviceId, DeploymentTrigger.User, Actor.System, Ct));
        Assert.True(deployment.Succeeded, deployment.Error);

        // After the failure: the reason on the service page, not only a chip, and a link to the setting to change.
        var failure = page.Locator("#service-failure");
        await Expect(failure).ToContainTextAsync("the image exposes 8080/tcp, the service sends traffic to 80", new() { Timeout = 120_000 });
        await Expect(failure).ToContainTextAsync("first deployment");
        await Expect(failure).Not.ToContainTextAsync("previous version");
        await Expect(page.Locator("#service-status")).ToContainTextAsync("failed");
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("service-deployment-failed");

        await page.ClickAsync("#service-failure-setting");
        await Expect(page).ToHaveURLAsync(new Regex("\\?setting=port$"));
        await Expect(page.Locator("#settings-port")).ToBeFocusedAsync();
        await Expect(page.Locator("#settings-port")).ToHaveValueAsync("80");
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("service-failure-setting");
    }

    [Fact]
    public async Task UnknownAddress_SignedIn_ShowsThePanelsOwnNotFoundPageWithStatus404()
    {
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var page = session.Page;
        await session.SignInAsync();

        var response = await page.GotoAsync("/projects/not-a-project/nowhere");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).First).ToBeVisibleAsync();
        await Expect(page.GetByText("Sign out")).ToBeVisibleAsync();
        await session.WaitForInteractiveAsync();
        await page.WaitForTimeoutAsync(600);
        await session.ScreenshotAsync("not-found");

        await page.ClickAsync("#not-found-home");
        await Expect(page).ToHaveURLAsync(new Regex("/projects$"));
    }
}
