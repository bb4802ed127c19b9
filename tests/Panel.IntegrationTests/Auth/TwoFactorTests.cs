using System.Net;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

public sealed class TwoFactorTests : PanelTest<PanelFactory>
{
    private PanelUser admin = null!;

    [Fact]
    public async Task TwoFactor_Enrolled_SignInNeedsTheCodeAndARecoveryCodeWorksOnce()
    {
        var actor = new Actor(admin.Id, admin.Email!, null);
        var enrolment = await TwoFactorAsync((t, user) => t.StartEnrolmentAsync(user));
        var key = enrolment.FormattedKey.Replace(" ", "", StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", enrolment.QrCodeDataUrl);
        Assert.Null(await TwoFactorAsync((t, user) => t.EnableAsync(user, "000000", actor)));
        var recovery = await TwoFactorAsync((t, user) => t.EnableAsync(user, Totp.Code(key, DateTimeOffset.UtcNow), actor));
        Assert.Equal(10, recovery!.Count);

        // The password alone is no longer enough.
        var client = Panel.CreateBrowserClient();
        var afterPassword = await Forms.SignInAsync(client, PanelFactory.AdminEmail, PanelFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.Contains("/account/login-2fa", afterPassword.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/projects", TestContext.Current.CancellationToken)).StatusCode);

        var wrong = await PostCodeAsync(client, "123456");
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var right = await PostCodeAsync(client, Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/projects", TestContext.Current.CancellationToken)).StatusCode);

        // A recovery code signs in once.
        Assert.True(await SignInWithCodeAsync(recovery[0]));
        Assert.False(await SignInWithCodeAsync(recovery[0]));
        var actions = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents.Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.TwoFactorEnabled, actions);
    }

    private async Task<bool> SignInWithCodeAsync(string code)
    {
        var client = Panel.CreateBrowserClient();
        await Forms.SignInAsync(client, PanelFactory.AdminEmail, PanelFactory.AdminPassword);
        await PostCodeAsync(client, code);
        return (await client.GetAsync("/projects", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK;
    }

    private static Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code) =>
        Forms.PostAsync(client, "/account/login-2fa", "login-2fa", new() { ["Input.Code"] = code }, "/account/login-2fa");

    // Like the settings page: the user is loaded in the same scope as the service that changes it.
    private Task<T> TwoFactorAsync<T>(Func<TwoFactorService, PanelUser, Task<T>> work) =>
        Panel.WithScopeAsync(async sp => await work(sp.GetRequiredService<TwoFactorService>(),
            (await sp.GetRequiredService<UserManager<PanelUser>>().FindByIdAsync(admin.Id.ToString()))!));

    public override async ValueTask InitializeAsync() => admin = await Panel.CreateAdminAsync();
}
