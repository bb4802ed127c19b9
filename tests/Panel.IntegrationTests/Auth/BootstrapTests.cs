using System.Net;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

public sealed class BootstrapTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bootstrap_SettingsOnFreshInstall_CreateAdminAndTokenOnlyOnce()
    {
        await using var first = new BootstrappedPanel();
        Assert.Equal(HttpStatusCode.OK, (await first.Api().GetAsync("/api/projects", Ct)).StatusCode);
        using var signedIn = await Forms.SignedInClientAsync(first);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/projects", Ct)).StatusCode);
        Assert.False(File.Exists(first.SetupTokenPath), "An unattended install needs no setup token.");
        var database = first.DatabaseName;
        await first.DisposeAsync();

        // A restart with other bootstrap values on the same database changes nothing.
        await using var again = new PanelFactory { DatabaseName = database };
        again.Settings["Panel:MasterKeyPath"] = first.Settings["Panel:MasterKeyPath"];
        again.Settings["Panel:Bootstrap:AdminEmail"] = "other@dropit.test";
        again.Settings["Panel:Bootstrap:AdminPassword"] = "Another-Password-77";
        again.Settings["Panel:Bootstrap:ApiToken"] = "another-token-0123456789abcdefghijklmnopqrstuvwxyz";
        _ = again.Server;

        var emails = await again.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Users.Select(u => u.Email).ToListAsync());
        Assert.Equal([PanelFactory.AdminEmail], emails);
        Assert.Equal(HttpStatusCode.OK, (await again.CreateApiClient(BootstrappedPanel.Token).GetAsync("/api/projects", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await again.CreateApiClient("another-token-0123456789abcdefghijklmnopqrstuvwxyz").GetAsync("/api/projects", Ct)).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_PanelDomainAndAcmeEmail_AreSetOnAFreshPanelButNeverOverwriteSettings()
    {
        await using var first = new BootstrappedPanel();
        first.Settings["Panel:Bootstrap:PanelDomain"] = "Panel.Example.TEST";
        first.Settings["Panel:Bootstrap:AcmeEmail"] = "ops@example.test";
        Assert.Equal(("panel.example.test", "ops@example.test"), await SettingsAsync(first));
        var database = first.DatabaseName;
        await first.DisposeAsync();

        // Once the panel has settings (here: the bootstrap's), other bootstrap values are ignored.
        await using var again = new PanelFactory { DatabaseName = database };
        again.Settings["Panel:MasterKeyPath"] = first.Settings["Panel:MasterKeyPath"];
        again.Settings["Panel:Bootstrap:PanelDomain"] = "other.example.test";
        again.Settings["Panel:Bootstrap:AcmeEmail"] = "other@example.test";
        Assert.Equal(("panel.example.test", "ops@example.test"), await SettingsAsync(again));
    }

    private static Task<(string?, string?)> SettingsAsync(PanelFactory panel) =>
        panel.WithScopeAsync(async sp =>
        {
            var settings = await sp.GetRequiredService<PanelDbContext>().PanelSettings.SingleAsync();
            return (settings.PanelDomain, settings.AcmeContactEmail);
        });
}
