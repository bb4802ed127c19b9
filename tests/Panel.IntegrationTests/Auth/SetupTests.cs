using System.Net;
using System.Runtime.Versioning;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Auth;

public sealed class SetupTests : PanelTest<PanelFactory>
{

    [Fact]
    public async Task FirstVisit_FreshPanel_LeadsToTheSetupPage()
    {
        var client = Panel.CreateBrowserClient();

        var home = await client.GetAsync("/projects", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/login", home.Headers.Location!.PathAndQuery);
        var login = await client.GetAsync(home.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal("/setup", new Uri(client.BaseAddress!, login.Headers.Location!).AbsolutePath);
        var setup = await client.GetStringAsync("/setup", TestContext.Current.CancellationToken);
        Assert.Contains("Create the admin account", setup);
        Assert.Contains("setup token", setup);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void FreshPanel_WritesASetupTokenFileOnlyItsUserCanRead()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Panel.SetupTokenPath));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", Panel.ReadSetupToken());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-the-token-0123456789abcdefghijklmnopqrs")]
    public async Task Setup_WithoutTheRightToken_IsRefusedAndSaysWhereTheTokenIs(string token)
    {
        var client = Panel.CreateBrowserClient();

        var response = await Forms.SetupAsync(client, PanelFactory.AdminEmail, PanelFactory.AdminPassword, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(Panel.SetupTokenPath, html);
        Assert.Contains("docker logs dropit-panel", html);
        Assert.Contains("installer", html);
        Assert.Equal(0, await Panel.CountUsersAsync());
        Assert.True(File.Exists(Panel.SetupTokenPath));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/projects", TestContext.Current.CancellationToken)).StatusCode);
        var refused = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Where(e => e.Action == AuditActions.SetupRefused).Select(e => e.Details).ToListAsync());
        Assert.Equal(["missing or wrong setup token"], refused);
    }

    [Fact]
    public async Task Setup_WeakPassword_IsRefusedAndCreatesNobody()
    {
        var client = Panel.CreateBrowserClient();

        var response = await Forms.SetupAsync(client, PanelFactory.AdminEmail, "alllowercaseletters", Panel.ReadSetupToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("uppercase", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await Panel.CountUsersAsync());
        Assert.False(await Panel.WithScopeAsync(sp => sp.GetRequiredService<SetupService>().IsCompleteAsync(default)));
    }

    [Fact]
    public async Task Setup_FromThePageWithTheToken_CreatesTheAdminSignsInAndDeletesTheTokenFile()
    {
        var client = Panel.CreateBrowserClient();

        var response = await Forms.SetupAsync(client, PanelFactory.AdminEmail, PanelFactory.AdminPassword, $" {Panel.ReadSetupToken()}\n");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await Panel.CountUsersAsync());
        var projects = await client.GetAsync("/projects", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.False(File.Exists(Panel.SetupTokenPath));
    }

    [Fact]
    public async Task Setup_SecondAttemptByDirectPost_IsRefusedAndKeepsTheFirstAdmin()
    {
        await Panel.CreateAdminAsync();
        var client = Panel.CreateBrowserClient();

        var page = await client.GetStringAsync("/setup", TestContext.Current.CancellationToken);
        var response = await Forms.SetupAsync(client, "intruder@evil.test", "Intruder-Password-99", tokenPage: "/account/login");

        Assert.Contains(SetupService.AlreadyComplete, page);
        Assert.False(File.Exists(Panel.SetupTokenPath));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(SetupService.AlreadyComplete, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var emails = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Users.Select(u => u.Email).ToListAsync());
        Assert.Equal([PanelFactory.AdminEmail], emails);
        var refused = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Where(e => e.Action == AuditActions.SetupRefused).Select(e => e.Target).ToListAsync());
        Assert.Equal(["intruder@evil.test"], refused);
    }

    [Fact]
    public async Task Setup_ManyAttemptsAtOnce_CreateExactlyOneAdmin()
    {
        var attempts = Enumerable.Range(0, 6).Select(i => Panel.WithScopeAsync(sp => sp.GetRequiredService<SetupService>()
            .CreateAdminAsync($"admin{i}@dropit.test", PanelFactory.AdminPassword, null, Actor.System, CancellationToken.None)));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(FailureKind.Conflict, o.Failure));
        Assert.Equal(1, await Panel.CountUsersAsync());
    }
}
