using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

public sealed class DatabasesApiTests(BootstrappedPanel panel) : SharedPanelTest<BootstrappedPanel>(panel)
{
    private static readonly object Postgres16 = new { name = "main", engine = "postgres", version = "16" };

    [Theory]
    [InlineData("Main DB", "postgres", "16", null, "is not a valid service name")]
    [InlineData("maria", "mariadb", "11", "root", "The user cannot be root")]
    [InlineData("main", "postgres", "9", null, "PostgreSQL 9 is not offered; choose one of 15, 16, 17")]
    [InlineData("main", "oracle", "23", null, "\"oracle\" is not an engine the panel runs; use one of postgres, mysql, mariadb, redis")]
    public async Task CreateDatabase_BadInput_Gets400WithTheReasonAndSavesNothing(string name, string engine, string version, string? username,
        string reason)
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api);

        var response = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases", new { name, engine, version, username }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        Assert.Empty((await api.GetFromJsonAsync<List<ServiceDto>>($"/api/projects/{projectId}/services", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task CreatePostgres_ShowsTheMaskedUrlEverywhereAndThePasswordOnlyThroughTheAuditedCredentials()
    {
        var api = Panel.Api();
        var (projectId, project) = await CreateProjectAsync(api);

        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases", Postgres16, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdJson = await created.Content.ReadAsStringAsync(Ct);
        var id = (await ApiJson.ReadAsync<DatabaseDto>(created)).Id;
        Assert.Equal($"/api/databases/{id}", created.Headers.Location!.OriginalString);
        try
        {
            var getJson = await api.GetStringAsync($"/api/databases/{id}", Ct);
            var database = await api.GetFromJsonAsync<DatabaseDto>($"/api/databases/{id}", ApiJson.Options, Ct);
            Assert.Equal(("database", "postgres", "16", "postgres:16-alpine"), (database!.Kind, database.Engine, database.Version, database.Image));
            Assert.Equal($"postgresql://app:***@{project}-main:5432/app", database.InternalUrl);
            Assert.Equal("${{ main.url }}", database.Reference);
            var linksJson = await api.GetStringAsync($"/api/projects/{projectId}/database-links", Ct);
            var link = Assert.Single((await api.GetFromJsonAsync<List<DatabaseLinkDto>>(
                $"/api/projects/{projectId}/database-links", ApiJson.Options, Ct))!);
            Assert.Equal(("main", "${{ main.url }}", database.InternalUrl), (link.Name, link.Reference, link.InternalUrl));

            var revealed = await api.PostAsync($"/api/databases/{id}/credentials", null, Ct);
            Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
            var credentials = await ApiJson.ReadAsync<DatabaseCredentialsDto>(revealed);
            Assert.Equal(43, credentials.Password.Length);
            Assert.Equal(("app", null), (credentials.Username, credentials.RootPassword));
            Assert.Equal(database.InternalUrl.Replace("***", credentials.Password, StringComparison.Ordinal), credentials.Url);
            Assert.All([createdJson, getJson, linksJson], json => Assert.DoesNotContain(credentials.Password, json));
            Assert.DoesNotContain(credentials.Password, await api.GetStringAsync($"/api/databases/{id}", Ct));

            var shown = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
                .CountAsync(e => e.Action == AuditActions.DatabaseCredentialsShown && e.Target == $"{project}/main"));
            Assert.Equal(1, shown);
        }
        finally
        {
            await DeleteAsync(api, id);
        }
    }

    [Fact]
    public async Task PatchPostgres16To17_Gets409WithTheDumpAndRestoreWayAndKeepsVersion16()
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api);
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases", Postgres16, Ct);
        var id = (await ApiJson.ReadAsync<DatabaseDto>(created)).Id;
        try
        {
            var response = await api.PatchAsJsonAsync($"/api/databases/{id}", new { version = "17" }, Ct);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var detail = (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail;
            Assert.Contains("PostgreSQL 16 to 17 is a major upgrade", detail);
            Assert.Contains("dump and restore", detail);
            var database = await api.GetFromJsonAsync<DatabaseDto>($"/api/databases/{id}", ApiJson.Options, Ct);
            Assert.Equal(("16", "postgres:16-alpine"), (database!.Version, database.Image));
        }
        finally
        {
            await DeleteAsync(api, id);
        }
    }

    [Fact]
    public async Task GetDatabase_InitScripts_OnlyAdminsSeeThemAndOthersAreToldTheyAreHidden()
    {
        const string secret = "CREATE ROLE reporting LOGIN PASSWORD 's3cret-in-a-script';";
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api);
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases",
            new { name = "main", engine = "postgres", version = "16", initScripts = new[] { new { name = "01-roles.sql", content = secret } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiJson.ReadAsync<DatabaseDto>(created)).Id;
        try
        {
            var admin = await api.GetFromJsonAsync<JsonElement>($"/api/databases/{id}", ApiJson.Options, Ct);
            Assert.Equal(secret, admin.GetProperty("initScripts")[0].GetProperty("content").GetString());
            Assert.False(admin.GetProperty("initScriptsHidden").GetBoolean());

            await Panel.CreateUserAsync("viewer@dropit.test", PanelRole.Viewer);
            using var viewer = await Forms.SignedInClientAsync(Panel, "viewer@dropit.test");
            var readers = new[]
            {
                ("read token", Panel.CreateApiClient(await Panel.CreateTokenAsync("reader", Access.Read))),
                ("deploy token", Panel.CreateApiClient(await Panel.CreateTokenAsync("deployer", Access.Deploy))),
                ("viewer", viewer),
            };
            foreach (var (who, client) in readers)
            {
                var response = await client.GetAsync($"/api/databases/{id}", Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var json = await response.Content.ReadAsStringAsync(Ct);
                Assert.False(json.Contains("s3cret-in-a-script", StringComparison.Ordinal), $"{who} got the init scripts: {json}");
                var database = JsonDocument.Parse(json).RootElement;
                Assert.Equal(JsonValueKind.Null, database.GetProperty("initScripts").ValueKind);
                Assert.True(database.GetProperty("initScriptsHidden").GetBoolean(), who);
            }
        }
        finally
        {
            await DeleteAsync(api, id);
        }
    }

    /// <summary>A project of a name of its own: the Docker engine, where its databases run, is shared by every test panel.</summary>
    private static async Task<(Guid Id, string Name)> CreateProjectAsync(HttpClient api)
    {
        var name = "dbapi-" + Guid.NewGuid().ToString("N")[..8];
        var response = await api.PostAsJsonAsync("/api/projects", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await ApiJson.ReadAsync<ProjectDto>(response)).Id, name);
    }

    /// <summary>Deleting takes the first start down with it (there is no postgres:16 image here), and the volume it made.</summary>
    private static async Task DeleteAsync(HttpClient api, Guid id)
    {
        var deleted = await api.DeleteAsync($"/api/databases/{id}?deleteVolume=true", CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/databases/{id}", CancellationToken.None)).StatusCode);
    }
}
