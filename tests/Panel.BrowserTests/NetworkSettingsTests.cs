using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>The two switches of decision 030: encrypted project networks (Settings → General) and a service's relaxed security.</summary>
public sealed class NetworkSettingsTests
{
    [Fact]
    public async Task Settings_EncryptProjectNetworksAndRelaxedSecurity_AreSavedAndTheServiceSaysWhatTheEngineDoesNotEnforce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var serviceId = await session.CreateImageApplicationAsync("netset", "api", cancellationToken);
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        var encrypt = page.GetByLabel("Encrypt project networks");
        await Expect(encrypt).Not.ToBeCheckedAsync();
        await encrypt.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();
        Assert.True((await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>().GetAsync(cancellationToken))).EncryptNetworks);

        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        var hardening = await panel.WithScopeAsync(sp => sp.GetRequiredService<ISwarmOperations>().HardeningAsync(cancellationToken));
        if (hardening.Missing is { } missing)
        {
            await Expect(page.Locator("#settings-hardening-missing")).ToContainTextAsync(missing);
        }
        else
        {
            await Expect(page.Locator("#settings-hardening-missing")).ToHaveCountAsync(0);
        }

        await page.GetByLabel("Relaxed security: keep NET_RAW and allow new privileges").CheckAsync();
        await page.ClickAsync("#settings-save");
        await Expect(page.GetByText("Settings saved; they apply at the next deployment.")).ToBeVisibleAsync();
        var stored = await panel.WithScopeAsync(sp => sp.GetRequiredService<ApplicationCatalog>().FindAsync(serviceId, cancellationToken));
        Assert.True(stored!.Settings.RelaxedSecurity);
    }
}
