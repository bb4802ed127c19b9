using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Routing;

public sealed class DomainApiTests(BootstrappedPanel panel) : SharedPanelTest<BootstrappedPanel>(panel)
{
    private DeployClient client = null!;
    private Guid serviceId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("domains-" + Guid.NewGuid().ToString("N")[..6]);
        serviceId = await client.CreateGitApplicationAsync(project, "api", new Uri("https://git.example.com/team/api.git"));
    }

    private Task<HttpResponseMessage> AddAsync(object body) =>
        client.Api.PostAsJsonAsync($"/api/services/{serviceId}/domains", body, ApiJson.Options, Ct);

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail ?? "";

    [Fact]
    public async Task Add_InternationalisedHost_IsStoredAsPunycode()
    {
        var response = await AddAsync(new { host = "Café.Example.fr", pathPrefix = "/api/", https = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var domain = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("xn--caf-dma.example.fr", "/api"), (domain.GetProperty("host").GetString(), domain.GetProperty("pathPrefix").GetString()));
    }

    [Fact]
    public async Task Add_SameHostAndPathTwice_IsAConflictThatSaysWhy()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddAsync(new { host = "api.dropit-app.fr" })).StatusCode);

        var again = await AddAsync(new { host = "API.dropit-app.fr", pathPrefix = "/" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already routed", await DetailAsync(again));
        Assert.Equal(HttpStatusCode.Created, (await AddAsync(new { host = "api.dropit-app.fr", pathPrefix = "/v2" })).StatusCode);
    }

    [Theory]
    [InlineData("bad`host.example.com", "/", "host is refused")]
    [InlineData("https://app.example.com/x", "/", "bare host name")]
    [InlineData("app.example.com", "/{{ .Env.SECRET }}", "path prefix")]
    [InlineData("app.example.com", "api", "path prefix")]
    [InlineData("app.example.com", "/a`) || Host(`evil.com", "path prefix")]
    public async Task Add_HostileOrMalformedValues_AreRefusedWithTheReason(string host, string path, string expected)
    {
        var response = await AddAsync(new { host, pathPrefix = path });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await DetailAsync(response));
    }

    [Fact]
    public async Task Add_PortOutOfRange_IsRefused()
    {
        var response = await AddAsync(new { host = "app.example.com", port = 70000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 1 and 65535", await DetailAsync(response));
    }

    [Fact]
    public async Task Add_WithBasicAuth_StoresABcryptHashAndShowsOnlyTheName()
    {
        const string password = "correct-horse-battery";
        var response = await AddAsync(new { host = "admin.example.com", basicAuth = new[] { new { name = "ops", password } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = await client.Api.GetStringAsync($"/api/services/{serviceId}/domains", Ct);
        Assert.Contains("\"ops\"", listed);
        Assert.DoesNotContain(password, listed);
        Assert.DoesNotContain("$2", listed);
        var stored = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Domains.SingleAsync(d => d.Host == "admin.example.com"));
        Assert.True(BCrypt.Net.BCrypt.Verify(password, stored.BasicAuthUsers.Single().PasswordHash));
    }

    [Fact]
    public async Task Remove_TakesTheDomainOff()
    {
        var created = await (await AddAsync(new { host = "gone.example.com" })).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/services/{serviceId}/domains/{id}", Ct)).StatusCode);
        Assert.DoesNotContain("gone.example.com", await client.Api.GetStringAsync($"/api/services/{serviceId}/domains", Ct));
    }
}
