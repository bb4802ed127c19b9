using System.Net.Http.Json;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Hosting;

public sealed class SecretsTests
{
    [Fact]
    public async Task PasswordsAndTokens_NeverReachLogsAuditOrPages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var panel = new BootstrappedPanel();
        var browser = await Forms.SignedInClientAsync(panel);
        await Forms.SignInAsync(panel.CreateBrowserClient(), PanelFactory.AdminEmail, "Wrong-Secret-Password-1");
        var created = await ApiJson.ReadAsync<CreatedTokenDto>(
            await browser.PostAsJsonAsync("/api/tokens", new { name = "ci" }, ct));
        await panel.CreateApiClient(created.Token).GetAsync("/api/projects?token=" + created.Token, ct);
        string[] secrets = [PanelFactory.AdminPassword, "Wrong-Secret-Password-1", BootstrappedPanel.Token, created.Token];

        var pages = string.Concat(await Task.WhenAll(
            new[] { "/audit", "/settings", "/projects" }.Select(p => browser.GetStringAsync(p, ct))));
        var audit = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Select(e => e.Actor + " " + e.Action + " " + e.Target + " " + e.Details).ToListAsync());
        await panel.DisposeAsync();
        var logs = string.Concat(Directory.GetFiles(Path.Combine(panel.DataPath, "logs")).Select(File.ReadAllText));

        Assert.Contains("HTTP GET /api/projects", logs);
        Assert.NotEmpty(audit);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs);
            Assert.DoesNotContain(secret, string.Join('\n', audit));
            Assert.DoesNotContain(secret, pages);
        }
    }
}
