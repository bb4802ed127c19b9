using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

public sealed class ApiTokenTests : PanelTest<BootstrappedPanel>
{
    [Fact]
    public async Task Token_OfAnyScope_CannotCreateAToken()
    {
        var response = await Panel.Api().PostAsJsonAsync("/api/tokens", new { name = "made by a token", scope = "read" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("created by a signed-in person in Settings → API tokens", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        Assert.Equal(1, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().ApiTokens.CountAsync()));
    }

    [Fact]
    public async Task CreateToken_WithScopeAndProject_ShowsThemAndTheBootstrapTokenIsAdmin()
    {
        var project = await new DeployClient(Panel.Api()).CreateProjectAsync("shop");
        using var person = await Forms.SignedInClientAsync(Panel);

        var created = await person.PostAsJsonAsync("/api/tokens", new { name = "shop deploys", scope = "deploy", projectId = project }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = await person.GetFromJsonAsync<List<TokenDto>>("/api/tokens", ApiJson.Options, Ct);
        var shop = listed!.Single(t => t.Name == "shop deploys");
        Assert.Equal((Access.Deploy, project), (shop.Scope, shop.ProjectId));
        Assert.Equal((Access.Admin, (Guid?)null), listed!.Where(t => t.Name == "bootstrap").Select(t => (t.Scope, t.ProjectId)).Single());
        var defaulted = await ApiJson.ReadAsync<CreatedTokenDto>(await person.PostAsJsonAsync("/api/tokens", new { name = "reader" }, Ct));
        Assert.Equal(Access.Read, defaulted.Scope);
        var unknown = await person.PostAsJsonAsync("/api/tokens", new { name = "x", scope = "root" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"read\" (the default), \"deploy\" or \"admin\"", (await ApiJson.ReadAsync<ApiJson.Problem>(unknown)).Detail);
    }


    [Fact]
    public async Task CreateToken_ShowsItOnceAndItWorksUntilRevoked()
    {
        using var person = await Forms.SignedInClientAsync(Panel);
        var created = await person.PostAsJsonAsync("/api/tokens", new { name = "GitHub Actions" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await ApiJson.ReadAsync<CreatedTokenDto>(created);
        Assert.StartsWith(ApiTokenService.TokenPrefix, token.Token);

        var ci = Panel.CreateApiClient(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/projects", Ct)).StatusCode);
        var list = await person.GetStringAsync("/api/tokens", Ct);
        Assert.DoesNotContain(token.Token, list);
        var listed = await person.GetFromJsonAsync<List<TokenDto>>("/api/tokens", ApiJson.Options, Ct);
        Assert.NotNull(listed!.Single(t => t.Id == token.Id).LastUsedAt);

        var revoked = await person.DeleteAsync($"/api/tokens/{token.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var refused = await ci.GetAsync("/api/projects", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("was revoked", (await ApiJson.ReadAsync<ApiJson.Problem>(refused)).Detail);
    }

    [Fact]
    public async Task ExpiredToken_IsRefusedWithItsExpiryDate()
    {
        const string plain = "dropit_expired-token-for-the-test-0123456789";
        await Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var user = await db.Users.SingleAsync();
            sp.GetRequiredService<ApiTokenService>().Add(user.Id, "old", plain, DateTimeOffset.UtcNow.AddDays(-1));
            return await db.SaveChangesAsync();
        });

        var response = await Panel.CreateApiClient(plain).GetAsync("/api/projects", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired on", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }

    [Fact]
    public async Task WrongToken_IsRefusedWithProblemDetails()
    {
        var response = await Panel.CreateApiClient("dropit_not-a-real-token").GetAsync("/api/projects", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }

    [Fact]
    public async Task CreateToken_WithoutName_Gets400AndNoTokenIsStored()
    {
        using var person = await Forms.SignedInClientAsync(Panel);
        var response = await person.PostAsJsonAsync("/api/tokens", new { name = "" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().ApiTokens.CountAsync()));
    }
}
