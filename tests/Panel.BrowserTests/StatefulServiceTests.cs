using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

public sealed class StatefulServiceTests
{
    [Fact]
    public async Task ServicePage_VolumeThatKeepsData_SaysRedeploysCostDowntimeUntilTheVolumeIsMarkedShared()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("notes", "api", cancellationToken);
        await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().UpdateAsync(serviceId,
            new ApplicationInput { Volumes = [new VolumeMount { Source = "notes-data", Target = "/data" }] }, Actor.System, cancellationToken));
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("#stop-first-notice")).ToContainTextAsync("Brief downtime on redeploy: this service keeps data");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Shared" })).Not.ToBeCheckedAsync();
        await session.ScreenshotAsync("service-keeps-data");

        // Two replicas on that volume are refused, naming it; marked shared, they are accepted and the notice goes.
        await page.Locator("#settings-replicas").FillAsync("2");
        await page.ClickAsync("#settings-save");
        await Expect(page.Locator("#settings-error")).ToContainTextAsync("\"notes-data\" keeps data");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Shared" }).CheckAsync();
        await page.ClickAsync("#settings-save");
        await Expect(page.Locator("#stop-first-notice")).ToHaveCountAsync(0);
        var stored = await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().FindAsync(serviceId, cancellationToken));
        Assert.Equal((2, true), (stored!.Settings.Replicas, Assert.Single(stored.Settings.Volumes).Shared));
    }
}
