using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>
/// Servers → Add a server (decision 059) against a real sshd on 127.0.0.1: the panel's key to copy, the host key to check
/// and accept, and the steps of a check shown live. This machine's engine is a swarm manager already, so the check stops
/// at "Check Docker" and nothing joins.
/// </summary>
public sealed class AddServerDialogTests
{
    [Fact]
    public async Task AddServer_CheckOnly_ShowsTheKeyTheHostKeyAndEachStepWithWhatToDo()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        await panel.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ISwarmOperations>().EnsureReadyAsync(cancellationToken);
            return true;
        });
        var page = session.Page;
        await session.SignInAsync();

        await page.GotoAsync("/servers");
        await session.WaitForInteractiveAsync();
        await page.ClickAsync("#open-add-server");
        await Expect(page.Locator("#panel-ssh-key")).ToContainTextAsync("ssh-ed25519 ");
        var publicKey = (await page.Locator("#panel-ssh-key").InnerTextAsync()).Trim();
        await using var sshd = await SshServer.StartAsync(publicKey);

        await page.Locator("#join-host").FillAsync("127.0.0.1");
        await page.GetByLabel("SSH port").FillAsync(sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#scan-host-key");
        await Expect(page.Locator("#host-key")).ToContainTextAsync(await sshd.FingerprintAsync());
        await Expect(page.Locator("#host-key")).ToContainTextAsync("new to the panel");
        await page.GetByLabel("It matches: trust and pin this key").CheckAsync();
        await page.ClickAsync("#check-server");

        await Expect(page.Locator("#join-outcome")).ToContainTextAsync("already part of a swarm", new() { Timeout = 30_000 });
        var steps = page.Locator("#join-steps .mud-list-item");
        await Expect(steps.Nth(0)).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(steps.Nth(0)).ToContainTextAsync("accepted and pinned now");
        await Expect(steps.Nth(1)).ToContainTextAsync("as root");
        await Expect(steps.Nth(2)).ToHaveAttributeAsync("data-status", "failed");
        await Expect(steps.Nth(3)).ToHaveAttributeAsync("data-status", "skipped");
        await session.ScreenshotAsync("add-server-check");
    }
}
