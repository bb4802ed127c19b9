using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>One-time links: accepted once with the role the admin chose; expired, used or revoked ones refused.</summary>
public sealed class InvitationTests : PanelTest<PanelFactory>
{
    private const string Invitee = "new.person@dropit.test";
    private const string Password = "Invited-Password-2026";

    [Fact]
    public async Task Invitation_AcceptedOnce_CreatesTheAccountWithItsRoleAndSignsIn()
    {
        using var adminClient = await Forms.SignedInClientAsync(Panel);
        var created = await InviteAsync(adminClient, "deployer");
        Assert.StartsWith("http://localhost/account/invite/", created.Url);
        var path = new Uri(created.Url).AbsolutePath;

        var browser = Panel.CreateBrowserClient();
        var page = await browser.GetStringAsync(path, Ct);
        Assert.Contains(Invitee, page);
        Assert.Contains("deployer", page);
        var accepted = await AcceptAsync(browser, path, Password);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var account = await browser.GetFromJsonAsync<AccountDto>("/api/account", ApiJson.Options, Ct);
        Assert.Equal((Invitee, PanelRole.Deployer, Access.Deploy), (account!.Email, account.Role, account.Access));

        var again = await AcceptAsync(Panel.CreateBrowserClient(), path, "Another-Password-2026");
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, await Panel.CountUsersAsync());
        var open = await adminClient.GetFromJsonAsync<List<InvitationDto>>("/api/users/invitations", ApiJson.Options, Ct);
        Assert.Empty(open!);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.UserInvited && e.Target == Invitee && e.Actor == PanelFactory.AdminEmail);
        Assert.Contains(audit, e => e.Action == AuditActions.InvitationAccepted && e.Actor == Invitee && e.ActorUserId == account.Id);
        Assert.All(audit, e => Assert.DoesNotContain(path, e.Details ?? ""));
    }

    [Fact]
    public async Task ExpiredOrRevokedInvitation_IsRefusedAndCreatesNoAccount()
    {
        using var adminClient = await Forms.SignedInClientAsync(Panel);
        var expired = await InviteAsync(adminClient, "viewer", "late@dropit.test");
        await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().UserInvitations.Where(i => i.Id == expired.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var revoked = await InviteAsync(adminClient, "admin", "gone@dropit.test");
        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.DeleteAsync($"/api/users/invitations/{revoked.Id}", Ct)).StatusCode);

        var late = await AcceptAsync(Panel.CreateBrowserClient(), new Uri(expired.Url).AbsolutePath, Password);
        var gone = await AcceptAsync(Panel.CreateBrowserClient(), new Uri(revoked.Url).AbsolutePath, Password);
        var unknown = await Panel.CreateBrowserClient().GetAsync("/account/invite/not-a-real-invitation-secret", Ct);

        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.NotFound), (late.StatusCode, gone.StatusCode, unknown.StatusCode));
        Assert.Contains("expired on", await late.Content.ReadAsStringAsync(Ct));
        Assert.Contains("revoked by an admin", await gone.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await Panel.CountUsersAsync());
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.InvitationRefused && e.Target == "late@dropit.test" && !e.Succeeded);
    }

    [Fact]
    public async Task Invitation_ForAnExistingAccount_IsRefused_AndANewOneReplacesTheEarlierLink()
    {
        using var adminClient = await Forms.SignedInClientAsync(Panel);
        var existing = await adminClient.PostAsJsonAsync("/api/users/invitations", new { email = PanelFactory.AdminEmail, role = "viewer" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, existing.StatusCode);

        var first = await InviteAsync(adminClient, "viewer");
        var second = await InviteAsync(adminClient, "deployer");

        Assert.Equal(HttpStatusCode.Gone, (await AcceptAsync(Panel.CreateBrowserClient(), new Uri(first.Url).AbsolutePath, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(Panel.CreateBrowserClient(), new Uri(second.Url).AbsolutePath, Password)).StatusCode);
    }

    [Fact]
    public async Task InvitationLink_NeverReachesTheLog()
    {
        var panel = new PanelFactory();
        await panel.CreateAdminAsync();
        using var adminClient = await Forms.SignedInClientAsync(panel);
        var created = await InviteAsync(adminClient, "viewer");
        var secret = created.Url[(created.Url.LastIndexOf('/') + 1)..];
        await panel.CreateBrowserClient().GetAsync(new Uri(created.Url).AbsolutePath, Ct);
        await AcceptAsync(panel.CreateBrowserClient(), new Uri(created.Url).AbsolutePath, Password);
        await panel.DisposeAsync();

        var logs = string.Concat(Directory.GetFiles(Path.Combine(panel.DataPath, "logs")).Select(File.ReadAllText));
        Assert.Contains("/account/invite/…", logs);
        Assert.DoesNotContain(secret, logs);
    }

    private static async Task<CreatedInvitationDto> InviteAsync(HttpClient client, string role, string email = Invitee)
    {
        var response = await client.PostAsJsonAsync("/api/users/invitations", new { email, role, expiresInHours = 24 }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ApiJson.ReadAsync<CreatedInvitationDto>(response);
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string path, string password) =>
        Forms.PostAsync(client, path, "accept-invitation", new()
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, "/account/login");

    private Task<List<AuditEvent>> AuditAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents.ToListAsync());

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Panel.CreateAdminAsync();
    }
}
