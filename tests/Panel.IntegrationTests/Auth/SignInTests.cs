using System.Net;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

public sealed class SignInTests : PanelTest<PanelFactory>
{

    [Fact]
    public async Task SignIn_RightPassword_OpensThePanelAndIsAudited()
    {
        var client = await Forms.SignedInClientAsync(Panel);

        var projects = await client.GetAsync("/projects", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        var events = await AuditAsync(AuditActions.SignedIn);
        Assert.Contains(events, e => e.Actor == PanelFactory.AdminEmail && e.Succeeded && e.ActorUserId != null);
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRefusedWithAMessageAndAudited()
    {
        var client = Panel.CreateBrowserClient();

        var response = await Forms.SignInAsync(client, PanelFactory.AdminEmail, "Not-The-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var failed = await AuditAsync(AuditActions.SignInFailed);
        var only = Assert.Single(failed);
        Assert.False(only.Succeeded);
        Assert.DoesNotContain("Not-The-Password-1", only.Details ?? "");
    }

    [Fact]
    public async Task SignOut_SignedIn_EndsTheSessionAndIsAudited()
    {
        var client = await Forms.SignedInClientAsync(Panel);
        var token = await Forms.AntiforgeryTokenAsync(client, "/projects");

        var response = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var projects = await client.GetAsync("/projects", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, projects.StatusCode);
        Assert.NotEmpty(await AuditAsync(AuditActions.SignedOut));
    }

    private Task<List<AuditEvent>> AuditAsync(string action) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents.Where(e => e.Action == action).ToListAsync());

    public override async ValueTask InitializeAsync() => await Panel.CreateAdminAsync();
}
