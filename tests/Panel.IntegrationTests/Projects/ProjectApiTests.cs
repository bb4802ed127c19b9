using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Projects;

public sealed class ProjectApiTests : PanelTest<BootstrappedPanel>
{

    [Fact]
    public async Task Projects_CreateRenameDescribeDelete_WorkAndAreAudited()
    {
        var api = Panel.Api();

        var created = await api.PostAsJsonAsync("/api/projects", new { name = "dropit-app", description = "The app" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await ApiJson.ReadAsync<ProjectDto>(created);
        Assert.Equal($"/api/projects/{project.Id}", created.Headers.Location!.OriginalString);

        var renamed = await api.PatchAsJsonAsync($"/api/projects/{project.Id}", new { name = "dropit", description = "Front, API, databases" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var fetched = await api.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", ApiJson.Options, Ct);
        Assert.Equal(("dropit", "Front, API, databases"), (fetched!.Name, fetched.Description));
        var listed = await api.GetFromJsonAsync<List<ProjectDto>>("/api/projects?search=DROP", ApiJson.Options, Ct);
        Assert.Equal(["dropit"], listed!.Select(p => p.Name));
        var services = await api.GetFromJsonAsync<List<ServiceDto>>($"/api/projects/{project.Id}/services", ApiJson.Options, Ct);
        Assert.Empty(services!);

        var deleted = await api.DeleteAsync($"/api/projects/{project.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/projects/{project.Id}", Ct)).StatusCode);

        var audit = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .Where(e => e.Action.StartsWith("project.")).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditActions.ProjectCreated, AuditActions.ProjectUpdated, AuditActions.ProjectDeleted], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal($"{PanelFactory.AdminEmail} (token \"bootstrap\")", e.Actor));
        Assert.Contains("renamed from \"dropit-app\"", audit[1].Details);
    }

    [Theory]
    [InlineData("", "A project needs a name.")]
    [InlineData("   ", "A project needs a name.")]
    [InlineData("this-name-is-far-too-long-for-a-project-because-it-has-more-than-64-chars", "at most 64 characters")]
    public async Task CreateProject_BadName_Gets400WithTheReasonAndSavesNothing(string name, string reason)
    {
        var api = Panel.Api();

        var response = await api.PostAsJsonAsync("/api/projects", new { name }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        Assert.Equal(0, await CountProjectsAsync());
    }

    [Fact]
    public async Task CreateProject_NameTakenInAnotherCase_Gets409AndKeepsOneProject()
    {
        var api = Panel.Api();
        await api.PostAsJsonAsync("/api/projects", new { name = "Shop" }, Ct);

        var response = await api.PostAsJsonAsync("/api/projects", new { name = "shop" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already exists", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        Assert.Equal(1, await CountProjectsAsync());
    }

    [Fact]
    public async Task RenameProject_ToTakenName_Gets409AndKeepsTheOldName()
    {
        var api = Panel.Api();
        await api.PostAsJsonAsync("/api/projects", new { name = "alpha" }, Ct);
        var beta = await ApiJson.ReadAsync<ProjectDto>(await api.PostAsJsonAsync("/api/projects", new { name = "beta" }, Ct));

        var response = await api.PatchAsJsonAsync($"/api/projects/{beta.Id}", new { name = "ALPHA" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var fetched = await api.GetFromJsonAsync<ProjectDto>($"/api/projects/{beta.Id}", ApiJson.Options, Ct);
        Assert.Equal("beta", fetched!.Name);
    }

    [Fact]
    public async Task CreateProject_MalformedJson_Gets400ProblemDetails()
    {
        var api = Panel.Api();

        var response = await api.PostAsync("/api/projects", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountProjectsAsync());
    }

    [Fact]
    public async Task OpenApiDocument_WithToken_DescribesTheProjectRoutes()
    {
        var document = await Panel.Api().GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("\"/api/projects\"", document);
        Assert.Contains("\"/api/tokens\"", document);
    }

    private Task<int> CountProjectsAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Projects.CountAsync());
}
