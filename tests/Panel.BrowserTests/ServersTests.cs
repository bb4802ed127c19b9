using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DropIt.Panel.BrowserTests;

/// <summary>
/// The Servers page (decision 057) on this machine's one-node swarm: the node's facts and the service on it, labels edited
/// on the page and changed behind its back (shown live), the join command only on request, a refused demotion; and the
/// placement fields of a service's settings (decision 058). The node is never drained or demoted.
/// </summary>
public sealed class ServersTests
{
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 30_000 };

    [Fact]
    public async Task ServersPage_ShowsTheNodeLiveEditsLabelsAndShowsTheJoinCommandOnlyOnRequest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var panel = new PanelFactory();
        await using var session = await BrowserSession.StartAsync(panel);
        await panel.CreateAdminAsync();
        var (_, serviceId) = await FirstHourScene.DeployedWebServerAsync(panel, "servers-shop", "web", cancellationToken);
        var self = (await TestImages.DockerAsync("info", "--format", "{{.Swarm.NodeID}}")).Trim();
        var label = $"dropit-test.{Guid.NewGuid():N}"[..24];
        var page = session.Page;
        try
        {
            await session.SignInAsync();
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Servers", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
            await session.WaitForInteractiveAsync();

            var card = page.Locator($"#server-{self}");
            await Expect(card).ToContainTextAsync("manager (leader)", Soon);
            await Expect(card.Locator(".server-state")).ToHaveTextAsync("ready");
            await Expect(card.Locator(".server-availability")).ToHaveTextAsync("active");
            await Expect(card).ToContainTextAsync("the panel's server");
            await Expect(card).ToContainTextAsync($"Docker {(await TestImages.DockerAsync("version", "--format", "{{.Server.Version}}")).Trim()}");
            await Expect(card.Locator($"[data-service='{serviceId}']")).ToContainTextAsync("servers-shop/web · 1 running", Soon);

            // A label added on the page reaches the engine.
            await card.GetByRole(AriaRole.Button, new() { Name = $"Actions for {Environment.MachineName}" }).ClickAsync();
            await page.Locator(".action-labels").ClickAsync();
            await page.Locator("#add-label").ClickAsync();
            await page.Locator(".label-row .label-key input").Last.FillAsync(label);
            await page.Locator(".label-row .label-value input").Last.FillAsync("eu-west");
            await page.Locator("#save-labels").ClickAsync();
            await Expect(card.Locator($"[data-label='{label}']")).ToHaveTextAsync($"{label}=eu-west", new() { Timeout = 30_000 });
            Assert.Contains($"\"{label}\":\"eu-west\"", await TestImages.DockerAsync("node", "inspect", "--format", "{{json .Spec.Labels}}", self));

            // A change made behind the page's back shows without a reload.
            await TestImages.DockerAsync("node", "update", "--label-add", $"{label}=us-east", self);
            await Expect(card.Locator($"[data-label='{label}']")).ToHaveTextAsync($"{label}=us-east", new() { Timeout = 30_000 });

            // The last manager cannot be demoted: the page says why, and nothing changes.
            await card.GetByRole(AriaRole.Button, new() { Name = $"Actions for {Environment.MachineName}" }).ClickAsync();
            await page.Locator(".action-demote").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Demote", Exact = true }).ClickAsync();
            await Expect(page.Locator(".mud-snackbar", new() { HasText = "is the last manager" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(card).ToContainTextAsync("manager (leader)");
            await session.ScreenshotAsync("servers");

            // The join command (a secret) appears only when asked, and goes again.
            var token = (await TestImages.DockerAsync("swarm", "join-token", "-q", "worker")).Trim();
            Assert.DoesNotContain(token, await page.ContentAsync());
            await page.Locator("#show-worker-join").ClickAsync();
            await Expect(page.Locator("#join-command-text")).ToContainTextAsync($"docker swarm join --token {token} ");
            await page.Locator("#hide-join").ClickAsync();
            await Expect(page.Locator("#join-command-text")).ToHaveCountAsync(0);
            Assert.DoesNotContain(token, await page.ContentAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Switch theme" }).ClickAsync();
            await Task.Delay(500, cancellationToken);
            await session.ScreenshotAsync("servers-dark");
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch theme" }).ClickAsync();

            // A service's placement: a constraint no server matches is flagged while it is typed.
            await page.GotoAsync($"/services/{serviceId}");
            await session.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
            await page.Locator("#settings-placement-constraints").FillAsync($"node.labels.{label}==mars");
            await Expect(page.Locator("#settings-placement-problem")).ToContainTextAsync("No server matches the placement", Soon);
            await page.Locator("#settings-placement-constraints").FillAsync($"node.labels.{label}==us-east");
            await Expect(page.Locator("#settings-placement-matches")).ToContainTextAsync(Environment.MachineName, Soon);
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await session.ScreenshotAsync("service-placement");
        }
        finally
        {
            await TestImages.DockerAsync("node", "update", "--label-rm", label, self).ContinueWith(_ => { }, TaskScheduler.Default);
            await FirstHourScene.DeleteServiceAsync(panel, serviceId);
        }
    }
}
