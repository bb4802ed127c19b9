using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

public sealed class ApiTokenTests : PanelTest<BootstrappedPanel>
{

    [Fact]
    public async Task CreateToken_ShowsItOnceAndItWorksUntilRevoked()
    {
        var created = await Panel.Api().PostAsJsonAsync("/api/tokens", new { name = "GitHub Actions" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await ApiJson.ReadAsync<CreatedTokenDto>(created);
        Assert.StartsWith(ApiTokenService.TokenPrefix, token.Token);

        var ci = Panel.CreateApiClient(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/projects", Ct)).StatusCode);
        var list = await Panel.Api().GetStringAsync("/api/tokens", Ct);
        Assert.DoesNotContain(token.Token, list);
        var listed = await Panel.Api().GetFromJsonAsync<List<TokenDto>>("/api/tokens", ApiJson.Options, Ct);
        Assert.NotNull(listed!.Single(t => t.Id == token.Id).LastUsedAt);

        var revoked = await Panel.Api().DeleteAsync($"/api/tokens/{token.Id}", Ct);
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
        var response = await Panel.Api().PostAsJsonAsync("/api/tokens", new { name = "" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().ApiTokens.CountAsync()));
    }
}
