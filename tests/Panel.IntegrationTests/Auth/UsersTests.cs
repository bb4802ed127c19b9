using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>Several people: the last admin stays, roles and removal end sign-ins at once, passwords, sign out everywhere.</summary>
public sealed class UsersTests : PanelTest<PanelFactory>
{
    private const string OtherEmail = "second@dropit.test";
    private PanelUser admin = null!;

    [Fact]
    public async Task LastAdmin_CannotBeDemotedOrRemoved_UntilThereIsAnother()
    {
        using var client = await Forms.SignedInClientAsync(Panel);

        var demote = await client.PatchAsJsonAsync($"/api/users/{admin.Id}", new { role = "viewer" }, Ct);
        var remove = await client.DeleteAsync($"/api/users/{admin.Id}", Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (demote.StatusCode, remove.StatusCode));
        Assert.Contains("only admin", (await ApiJson.ReadAsync<ApiJson.Problem>(demote)).Detail);
        Assert.Contains("only admin", (await ApiJson.ReadAsync<ApiJson.Problem>(remove)).Detail);
        Assert.Equal(PanelRole.Admin, await RoleAsync(admin.Id));

        var second = await Panel.CreateUserAsync(OtherEmail, PanelRole.Admin);
        var users = await client.GetFromJsonAsync<JsonElement>("/api/users", Ct);
        Assert.Equal(2, users.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/users/{second.Id}", new { role = "deployer" }, Ct)).StatusCode);
        // The only admin left is the caller again.
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/users/{admin.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/users/{second.Id}", Ct)).StatusCode);
        Assert.Equal(1, await Panel.CountUsersAsync());
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.UserRoleChanged && e.Target == OtherEmail && e.Actor == PanelFactory.AdminEmail
            && e.Details == "admin → deployer");
        Assert.Contains(audit, e => e.Action == AuditActions.UserRemoved && e.Target == OtherEmail && e.Actor == PanelFactory.AdminEmail);
    }

    [Fact]
    public async Task RoleChange_EndsThePersonsSignInAtOnce_AndTheNewOneCarriesTheNewRole()
    {
        var second = await Panel.CreateUserAsync(OtherEmail, PanelRole.Deployer);
        using var theirs = await Forms.SignedInClientAsync(Panel, OtherEmail);
        Assert.Equal("deployer", (await theirs.GetFromJsonAsync<JsonElement>("/api/account", Ct)).GetProperty("role").GetString());
        using var mine = await Forms.SignedInClientAsync(Panel);

        Assert.Equal(HttpStatusCode.OK, (await mine.PatchAsJsonAsync($"/api/users/{second.Id}", new { role = "viewer" }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await theirs.GetAsync("/api/account", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await theirs.GetAsync("/projects", Ct)).StatusCode);
        using var again = await Forms.SignedInClientAsync(Panel, OtherEmail);
        Assert.Equal("viewer", (await again.GetFromJsonAsync<JsonElement>("/api/account", Ct)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync("/api/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySignInOfThePerson_AndIsAudited()
    {
        var second = await Panel.CreateUserAsync(OtherEmail, PanelRole.Viewer);
        using var laptop = await Forms.SignedInClientAsync(Panel, OtherEmail);
        using var phone = await Forms.SignedInClientAsync(Panel, OtherEmail);
        using var mine = await Forms.SignedInClientAsync(Panel);

        Assert.Equal(HttpStatusCode.NoContent, (await mine.PostAsync($"/api/users/{second.Id}/sign-out-everywhere", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/projects", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/settings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync("/projects", Ct)).StatusCode);
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.SignedOutEverywhere && e.Target == OtherEmail
            && e.Actor == PanelFactory.AdminEmail);
    }

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentOne_ThenOnlyTheNewOneSignsIn()
    {
        using var client = await Forms.SignedInClientAsync(Panel);
        const string newPassword = "Brand-New-Password-2027";

        var wrong = await client.PostAsJsonAsync("/api/account/password",
            new { currentPassword = "Not-The-Password-1", newPassword }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("current password is not right", (await ApiJson.ReadAsync<ApiJson.Problem>(wrong)).Detail);
        var weak = await client.PostAsJsonAsync("/api/account/password",
            new { currentPassword = PanelFactory.AdminPassword, newPassword = "short" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);

        var changed = await client.PostAsJsonAsync("/api/account/password",
            new { currentPassword = PanelFactory.AdminPassword, newPassword }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Forms.SignInAsync(Panel.CreateBrowserClient(), PanelFactory.AdminEmail, PanelFactory.AdminPassword)).StatusCode);
        await Forms.SignedInClientAsync(Panel, PanelFactory.AdminEmail, newPassword);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.PasswordChanged && e.Succeeded && e.Actor == PanelFactory.AdminEmail);
        Assert.Contains(audit, e => e.Action == AuditActions.PasswordChanged && !e.Succeeded);
        Assert.All(audit, e => Assert.DoesNotContain(newPassword, e.Details ?? ""));
    }

    [Fact]
    public async Task Token_CannotChangeThePasswordNorInvite()
    {
        var token = Panel.CreateApiClient(await Panel.CreateTokenAsync("ops", Access.Admin));

        var password = await token.PostAsJsonAsync("/api/account/password",
            new { currentPassword = PanelFactory.AdminPassword, newPassword = "Brand-New-Password-2027" }, Ct);
        var invite = await token.PostAsJsonAsync("/api/users/invitations", new { email = "x@dropit.test", role = "admin" }, Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (password.StatusCode, invite.StatusCode));
        Assert.Contains("sign in", (await ApiJson.ReadAsync<ApiJson.Problem>(password)).Detail);
        Assert.Contains("signed-in admin", (await ApiJson.ReadAsync<ApiJson.Problem>(invite)).Detail);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/users", Ct)).StatusCode);
    }

    private Task<PanelRole> RoleAsync(Guid id) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Users.Where(u => u.Id == id).Select(u => u.Role).SingleAsync());

    private Task<List<AuditEvent>> AuditAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents.ToListAsync());

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await Panel.CreateAdminAsync();
    }
}
