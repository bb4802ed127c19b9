using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

/// <summary>Roles and token scopes on the API: what each level may do, and the 403s that say why not.</summary>
public sealed class AccessTests : PanelTest<BootstrappedPanel>
{
    private const string ViewerEmail = "viewer@dropit.test";
    private const string DeployerEmail = "deployer@dropit.test";
    private Guid shop;
    private Guid blog;
    private Guid shopApi;
    private Guid blogApi;

    [Fact]
    public async Task ReadToken_PostingADeployment_Gets403SayingTheDeployScopeIsNeeded()
    {
        var read = Panel.CreateApiClient(await Panel.CreateTokenAsync("reader", Access.Read));
        var deploy = Panel.CreateApiClient(await Panel.CreateTokenAsync("deployer", Access.Deploy));

        var refused = await read.PostAsync($"/api/services/{shopApi}/deployments", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("needs the deploy scope", problem.GetProperty("detail").GetString());
        Assert.Contains("\"reader\" has the read scope", problem.GetProperty("detail").GetString());
        Assert.Equal(("deploy", "read"), (problem.GetProperty("needed").GetString(), problem.GetProperty("granted").GetString()));
        Assert.Equal(0, await DeploymentsAsync());
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/services/{shopApi}", Ct)).StatusCode);
        // The deploy scope passes the same check (an unknown deployment is then a 404, not a 403).
        Assert.Equal(HttpStatusCode.NotFound, (await deploy.PostAsync($"/api/deployments/{Guid.NewGuid()}/cancel", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deploy.DeleteAsync($"/api/services/{shopApi}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deploy.PostAsync($"/api/databases/{Guid.NewGuid()}/credentials", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Viewer_CannotDeploy_ButReadsThroughTheApiWithTheirCookie()
    {
        await Panel.CreateUserAsync(ViewerEmail, PanelRole.Viewer);
        using var viewer = await Forms.SignedInClientAsync(Panel, ViewerEmail);

        var refused = await viewer.PostAsync($"/api/services/{shopApi}/deployments", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("you are a viewer", (await ApiJson.ReadAsync<ApiJson.Problem>(refused)).Detail);
        Assert.Equal(0, await DeploymentsAsync());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/projects", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/users", Ct)).StatusCode);
        foreach (var adminPage in new[] { "/audit", "/hangfire" })
        {
            var page = await viewer.GetAsync(adminPage, Ct);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("http://localhost/account/denied", page.Headers.Location!.ToString());
        }

        Assert.Contains("signed in as a viewer", await (await viewer.GetAsync("/account/denied", Ct)).Content.ReadAsStringAsync(Ct));
        // A viewer's token is capped at read, and a token of more than the role allows is refused.
        var tooMuch = await viewer.PostAsJsonAsync("/api/tokens", new { name = "ci", scope = "deploy" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("A viewer can create tokens with the read scope", (await ApiJson.ReadAsync<ApiJson.Problem>(tooMuch)).Detail);
    }

    [Fact]
    public async Task CookieSentFromAnotherSite_IsNotAcceptedOnTheApi()
    {
        using var admin = await Forms.SignedInClientAsync(Panel);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent.Create(new { name = "csrf" }) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/projects", new { name = "mine" }, Ct)).StatusCode);
        Assert.DoesNotContain("csrf", await admin.GetStringAsync("/api/projects", Ct));
    }

    [Fact]
    public async Task ProjectToken_IsRefusedOnAnotherProjectAndOnServerWideRoutes_AndListsOnlyItsProject()
    {
        var client = Panel.CreateApiClient(await Panel.CreateTokenAsync("shop ci", Access.Admin, shop));

        var projects = await client.GetFromJsonAsync<JsonElement>("/api/projects", Ct);
        Assert.Equal([shop], projects.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/services/{shopApi}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/projects/{shop}/services", Ct)).StatusCode);

        foreach (var path in new[] { $"/api/projects/{blog}", $"/api/services/{blogApi}", $"/api/services/{blogApi}/deployments" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("limited to the project \"shop\"", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        }

        foreach (var path in new[] { "/api/certificates", "/api/backup-destinations", "/api/users", "/api/tokens", "/api/server/stats" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("belongs to no project", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/projects", new { name = "new" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/services/{blogApi}", Ct)).StatusCode);
        Assert.Equal(2, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.CountAsync()));
    }

    [Fact]
    public async Task TokenScope_IsCappedByItsOwnersRoleNow_AndItsActionsNameThePerson()
    {
        var deployer = await Panel.CreateUserAsync(DeployerEmail, PanelRole.Admin);
        var client = Panel.CreateApiClient(await Panel.CreateTokenAsync("ops", Access.Admin, email: DeployerEmail));
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/projects/{shop}", new { name = "shop", description = "by token" }, Ct)).StatusCode);

        var demoted = await Panel.Api().PatchAsJsonAsync($"/api/users/{deployer.Id}", new { role = "deployer" }, Ct);
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        var refused = await client.PatchAsJsonAsync($"/api/projects/{shop}", new { name = "shop", description = "again" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains($"its owner {DeployerEmail} is a deployer now", (await ApiJson.ReadAsync<ApiJson.Problem>(refused)).Detail);
        var account = await client.GetFromJsonAsync<JsonElement>("/api/account", Ct);
        Assert.Equal(("deployer", "deploy", "admin"), (account.GetProperty("role").GetString(), account.GetProperty("access").GetString(),
            account.GetProperty("token").GetProperty("scope").GetString()));
        var updated = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .SingleAsync(e => e.Action == AuditActions.ProjectUpdated));
        Assert.Equal($"{DeployerEmail} (token \"ops\")", updated.Actor);
        Assert.Equal(deployer.Id, updated.ActorUserId);
    }

    private Task<int> DeploymentsAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.CountAsync());

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var client = new DeployClient(Panel.Api());
        shop = await client.CreateProjectAsync("shop");
        blog = await client.CreateProjectAsync("blog");
        shopApi = await client.CreateApplicationAsync(shop, Image("api"));
        blogApi = await client.CreateApplicationAsync(blog, Image("api"));
    }

    private static object Image(string name) =>
        new { name, kind = "application", source = new { type = "image", image = TestImages.Busybox }, port = 8080 };
}
