using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

public sealed class ComposeApiTests(BootstrappedPanel panel) : SharedPanelTest<BootstrappedPanel>(panel)
{
    private const string Valid = """
        services:
          web:
            image: nginx:1.27
            expose: ["80"]
            depends_on: [db]
          db:
            image: postgres:16
            volumes:
              - db-data:/var/lib/postgresql/data
        volumes:
          db-data:
        """;

    // Line 4 names a service the file does not have.
    private const string Broken = """
        services:
          web:
            image: nginx:1.27
            depends_on: [cache]
        """;

    [Fact]
    public async Task CreateInline_ShowsTheFileItsStackAndItsPlannedServices_AndASecondStackOfTheSameNameGetsASuffix()
    {
        var api = Panel.Api();
        var (projectId, project) = await CreateProjectAsync(api, "cmp");
        var (otherId, _) = await CreateProjectAsync(api, $"{project}-shop");

        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "shop-web", composeFile = Valid }, Ct);
        var clash = await api.PostAsJsonAsync($"/api/projects/{otherId}/compose", new { name = "web", composeFile = Valid }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiJson.ReadAsync<JsonElement>(created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/compose/{id}", created.Headers.Location!.OriginalString);
        var compose = await api.GetFromJsonAsync<JsonElement>($"/api/compose/{id}", Ct);
        Assert.Equal(("compose", "inline", $"{project}-shop-web"),
            (compose.GetProperty("kind").GetString(), compose.GetProperty("source").GetString(), compose.GetProperty("stackName").GetString()));
        Assert.Equal(Valid, compose.GetProperty("composeFile").GetString());
        var services = compose.GetProperty("services").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString(), s.GetProperty("replicas").GetInt32())).ToList();
        Assert.Equal([("db", "not-deployed", 1), ("web", "not-deployed", 1)], services);
        Assert.Equal(HttpStatusCode.Created, clash.StatusCode);
        Assert.Equal($"{project}-shop-web-2", (await ApiJson.ReadAsync<JsonElement>(clash)).GetProperty("stackName").GetString());
    }

    [Fact]
    public async Task CheckBrokenFile_Gets200WithTheErrorItsLineAndService_AndCreatingItIsRefused()
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api, "cmpchk");

        var response = await api.PostAsync("/api/compose/check", new StringContent(Broken, Encoding.UTF8, "text/plain"), Ct);
        var fixedCheck = await api.PostAsJsonAsync("/api/compose/check", new { composeFile = Valid }, Ct);
        var create = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "broken", composeFile = Broken }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await ApiJson.ReadAsync<JsonElement>(response);
        Assert.False(check.GetProperty("valid").GetBoolean());
        var error = Assert.Single(check.GetProperty("errors").EnumerateArray());
        Assert.Equal((4, "web"), (error.GetProperty("line").GetInt32(), error.GetProperty("service").GetString()));
        Assert.Contains("cache", error.GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.OK, fixedCheck.StatusCode);
        var plan = (await ApiJson.ReadAsync<JsonElement>(fixedCheck)).GetProperty("plan");
        Assert.Equal(["web", "db"], plan.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Contains("db-data", plan.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("line 4: service web:", (await ApiJson.ReadAsync<ApiJson.Problem>(create)).Detail);
        Assert.Equal(0, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.CountAsync(s => s.ProjectId == projectId)));
    }

    [Fact]
    public async Task Env_IsWriteOnly_TheApiShowsOnlyItsKeysAndTheDatabaseHoldsItEncrypted()
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api, "cmpenv");
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "stack", composeFile = Valid }, Ct);
        var id = (await ApiJson.ReadAsync<JsonElement>(created)).GetProperty("id").GetGuid();

        var put = await api.PutAsync($"/api/compose/{id}/env",
            new StringContent("DB_PASSWORD=pw-7f3a9c-secret\nAPI_KEY=key-55e1b0\n", Encoding.UTF8, "text/plain"), Ct);
        var putJson = await put.Content.ReadAsStringAsync(Ct);
        var getJson = await api.GetStringAsync($"/api/compose/{id}", Ct);
        var replaced = await api.PutAsJsonAsync($"/api/compose/{id}/env", new { content = "ONLY=one-value-9d2c" }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = JsonSerializer.Deserialize<JsonElement>(getJson);
        Assert.True(view.GetProperty("hasEnv").GetBoolean());
        Assert.Equal(["DB_PASSWORD", "API_KEY"], view.GetProperty("envKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.All(new[] { putJson, getJson }, json =>
        {
            Assert.DoesNotContain("pw-7f3a9c-secret", json);
            Assert.DoesNotContain("key-55e1b0", json);
        });
        Assert.Equal(["ONLY"], (await ApiJson.ReadAsync<JsonElement>(replaced)).GetProperty("envKeys").EnumerateArray().Select(k => k.GetString()));
        var stored = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.NotNull(stored.Compose!.EnvEncrypted);
        Assert.DoesNotContain("one-value-9d2c", stored.Compose.EnvEncrypted);
    }

    [Fact]
    public async Task ViewerToken_ReadsAComposeStack_ButChangesNothing()
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api, "cmpview");
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "stack", composeFile = Valid }, Ct);
        var id = (await ApiJson.ReadAsync<JsonElement>(created)).GetProperty("id").GetGuid();
        await Panel.CreateUserAsync("viewer@dropit.test", PanelRole.Viewer);
        var viewer = Panel.CreateApiClient(await Panel.CreateTokenAsync("viewer", Access.Read, email: "viewer@dropit.test"));

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/compose/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/compose/{id}/services", Ct)).StatusCode);
        var refused = new[]
        {
            await viewer.PatchAsJsonAsync($"/api/compose/{id}", new { composeFile = Broken }, Ct),
            await viewer.PutAsync($"/api/compose/{id}/env", new StringContent("A=b", Encoding.UTF8, "text/plain"), Ct),
            await viewer.PostAsync($"/api/compose/{id}/services/web/restart", null, Ct),
            await viewer.PostAsync($"/api/compose/{id}/deployments", null, Ct),
            await viewer.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "other", composeFile = Valid }, Ct),
            await viewer.DeleteAsync($"/api/compose/{id}", Ct),
        };

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var compose = await api.GetFromJsonAsync<JsonElement>($"/api/compose/{id}", Ct);
        Assert.Equal(Valid, compose.GetProperty("composeFile").GetString());
        Assert.False(compose.GetProperty("hasEnv").GetBoolean());
        Assert.Equal(1, await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.CountAsync(s => s.ProjectId == projectId)));
    }

    [Fact]
    public async Task RestartingAComposeServiceTheStackDoesNotRun_Gets404SayingToDeployFirst()
    {
        var api = Panel.Api();
        var (projectId, _) = await CreateProjectAsync(api, "cmprst");
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "stack", composeFile = Valid }, Ct);
        var id = (await ApiJson.ReadAsync<JsonElement>(created)).GetProperty("id").GetGuid();

        var response = await api.PostAsync($"/api/compose/{id}/services/web/restart", null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Deploy the compose file first", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        var deleted = await api.DeleteAsync($"/api/compose/{id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/compose/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task DeployedInline_ListsItsServiceRunning_AndRestartsIt()
    {
        await TestImages.EnsureBusyboxAsync();
        var api = Panel.Api();
        var (projectId, project) = await CreateProjectAsync(api, "cmplive");
        var file = $"services:\n  web:\n    image: {TestImages.Busybox}\n    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/\"]\n";
        var created = await api.PostAsJsonAsync($"/api/projects/{projectId}/compose", new { name = "live", composeFile = file }, Ct);
        var id = (await ApiJson.ReadAsync<JsonElement>(created)).GetProperty("id").GetGuid();
        try
        {
            var deploy = await api.PostAsync($"/api/compose/{id}/deployments", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
            var deploymentId = (await ApiJson.ReadAsync<JsonElement>(deploy)).GetProperty("id").GetGuid();
            var finished = await Eventually.MatchesAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/deployments/{deploymentId}", Ct),
                d => d.GetProperty("status").GetString() is "succeeded" or "failed", TimeSpan.FromSeconds(180), "the deployment to finish");
            Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.GetProperty("error").ToString());

            var web = Assert.Single(await api.GetFromJsonAsync<List<JsonElement>>($"/api/compose/{id}/services", Ct) ?? []);
            Assert.Equal(("web", "running", 1, 1, $"{project}-live_web"),
                (web.GetProperty("name").GetString(), web.GetProperty("status").GetString(), web.GetProperty("replicas").GetInt32(),
                    web.GetProperty("running").GetInt32(), web.GetProperty("engineName").GetString()));
            var before = await TestImages.DockerAsync("service", "inspect", "--format", "{{.Version.Index}}", $"{project}-live_web");
            var restart = await api.PostAsync($"/api/compose/{id}/services/web/restart", null, Ct);
            Assert.Equal(HttpStatusCode.NoContent, restart.StatusCode);
            Assert.NotEqual(before, await TestImages.DockerAsync("service", "inspect", "--format", "{{.Version.Index}}", $"{project}-live_web"));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/compose/{id}", CancellationToken.None)).StatusCode);
        }

        Assert.Empty((await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={project}-live")).Trim());
    }

    /// <summary>A project of a name of its own: the Docker engine, where stacks run, is shared by every test panel.</summary>
    private static async Task<(Guid Id, string Name)> CreateProjectAsync(HttpClient api, string prefix)
    {
        var name = prefix.Contains('-', StringComparison.Ordinal) ? prefix : $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var response = await api.PostAsJsonAsync("/api/projects", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await ApiJson.ReadAsync<JsonElement>(response)).GetProperty("id").GetGuid(), name);
    }
}
