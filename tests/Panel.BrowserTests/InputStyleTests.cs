using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>Every form in the panel draws its inputs the same way (MudBlazor's default, underlined "text" variant).</summary>
public sealed class InputStyleTests
{
    // For each text-like input on the page (switches and radios have no .mud-input): the variant class of its .mud-input
    // (text, outlined or filled) and its label.
    private const string VariantsScript = """
        () => [...document.querySelectorAll('.mud-input-control')].filter(control => control.querySelector('.mud-input')).map(control => {
          const input = control.querySelector('.mud-input');
          const variant = [...input.classList].find(c => /^mud-input-(text|outlined|filled)$/.test(c)) ?? 'mud-input-none';
          const label = control.querySelector('label')?.textContent?.trim() ?? '(no label)';
          return variant.replace('mud-input-', '') + ' ' + label;
        })
        """;

    [Fact]
    public async Task Forms_SettingsNewServiceDialogAndServiceSettings_AllInputsUseTheSameVariant()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var (projectId, serviceId) = await panel.WithScopeAsync(async sp =>
        {
            var project = await sp.GetRequiredService<ProjectService>().CreateAsync("style", null, Actor.System, cancellationToken);
            var input = new ApplicationInput { Name = "web", SourceType = SourceType.Image, Image = TestImages.Busybox, Port = 8080 };
            var application = await sp.GetRequiredService<ApplicationCatalog>()
                .CreateAsync(project.Value!.Id, input, Actor.System, cancellationToken);
            return (project.Value.Id, application.Value!.Id);
        });
        var page = session.Page;
        await session.SignInAsync();
        var seen = new List<string>();

        await page.GotoAsync("/settings");
        await session.WaitForInteractiveAsync();
        await Expect(page.Locator("#panel-domain")).ToBeVisibleAsync();
        await session.ScreenshotAsync("input-style-settings");
        seen.AddRange(await VariantsAsync(page, "settings, general"));
        foreach (var (tab, field) in new[] { ("Certificates & dashboard", "#dashboard-domain"), ("Account", "#current-password") })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await Expect(page.Locator(field)).ToBeVisibleAsync();
            seen.AddRange(await VariantsAsync(page, "settings, " + tab));
        }

        await page.GetByRole(AriaRole.Tab, new() { Name = "API tokens" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New token" }).ClickAsync();
        await Expect(page.Locator("#token-name")).ToBeVisibleAsync();
        seen.AddRange(await VariantsAsync(page, "new token dialog"));

        await page.GotoAsync($"/projects/{projectId}");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#new-application");
        await Expect(page.Locator("#app-name")).ToBeVisibleAsync();
        seen.AddRange(await VariantsAsync(page, "new application dialog"));

        await page.GotoAsync($"/services/{serviceId}");
        await session.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.Locator("#settings-save")).ToBeVisibleAsync();
        seen.AddRange(await VariantsAsync(page, "service settings"));

        seen = seen.Distinct().ToList();
        Assert.True(seen.Count >= 20, $"expected the forms' inputs, saw only: {string.Join("; ", seen)}");
        var other = seen.Where(s => !s.Contains(": text ", StringComparison.Ordinal)).ToList();
        Assert.True(other.Count == 0, $"inputs not in the text variant: {string.Join("; ", other)}");
    }

    private static async Task<IEnumerable<string>> VariantsAsync(IPage page, string where) =>
        (await page.EvaluateAsync<string[]>(VariantsScript)).Select(v => $"{where}: {v}");
}
