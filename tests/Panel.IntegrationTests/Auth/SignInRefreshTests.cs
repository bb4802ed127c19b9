using System.Net;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>
/// After a person changed their own security stamp (two-factor, password), their page renews its browser's cookie with a
/// one-time ticket; a stale cookie alone renews nothing, so "sign out everywhere" cannot be undone with it.
/// </summary>
public sealed class SignInRefreshTests : PanelTest<PanelFactory>
{
    private PanelUser admin = null!;

    [Fact]
    public async Task StaleCookie_IsRenewedOnlyWithAFreshTicketOfTheSamePerson_Once()
    {
        // Three browsers of the admin; then the stamp changes, and each holds a cookie that no longer signs in.
        using var first = await Forms.SignedInClientAsync(Panel);
        using var second = await Forms.SignedInClientAsync(Panel);
        using var third = await Forms.SignedInClientAsync(Panel);
        await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelUsers>()
            .SignOutEverywhereAsync(admin.Id, Actor.System, CancellationToken.None));
        var refresh = Panel.Services.GetRequiredService<SignInRefresh>();
        var other = await Panel.CreateUserAsync("other@dropit.test", PanelRole.Viewer);

        var withoutTicket = await first.GetAsync("/account/refresh?returnUrl=%2Fsettings", Ct);
        var othersTicket = await second.GetAsync($"/account/refresh?ticket={refresh.Issue(other.Id)}&returnUrl=%2Fsettings", Ct);
        var ticket = refresh.Issue(admin.Id);
        var renewed = await third.GetAsync($"/account/refresh?ticket={ticket}&returnUrl=%2Fsettings", Ct);

        Assert.Equal("/account/login", withoutTicket.Headers.Location!.ToString());
        Assert.Equal("/account/login", othersTicket.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/settings", Ct)).StatusCode);
        Assert.Equal("/settings", renewed.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/settings", Ct)).StatusCode);
        // The ticket is spent; and a browser without the earlier cookie gets nothing from a ticket.
        var reused = await Panel.CreateBrowserClient().GetAsync($"/account/refresh?ticket={ticket}", Ct);
        var cookieless = await Panel.CreateBrowserClient().GetAsync($"/account/refresh?ticket={refresh.Issue(admin.Id)}", Ct);
        Assert.Equal("/account/login", reused.Headers.Location!.ToString());
        Assert.Equal("/account/login", cookieless.Headers.Location!.ToString());
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await Panel.CreateAdminAsync();
    }
}
