using DropIt.Panel.Core.Projects;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record ProjectDto(Guid Id, string Name, string? Description, int ServiceCount, DateTimeOffset UpdatedAt)
{
    public static ProjectDto From(ProjectSummary p) => new(p.Id, p.Name, p.Description, p.ServiceCount, p.UpdatedAt);
}

public sealed record ProjectInput(string? Name, string? Description);

public sealed record ServiceDto(Guid Id, string Name, ServiceKind Kind, ServiceStatus Status, DateTimeOffset UpdatedAt);

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", ListAsync).WithName("ListProjects").WithMetadata(FilteredByTokenProject.Instance);
        projects.MapPost("/", CreateAsync).WithName("CreateProject");
        projects.MapGet("/{id:guid}", GetAsync).WithName("GetProject");
        projects.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateProject");
        projects.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteProject");
        projects.MapGet("/{id:guid}/services", ListServicesAsync).WithName("ListProjectServices");
        return api;
    }

    /// <summary>Every project; for a token limited to a project, that project only.</summary>
    public static async Task<Ok<List<ProjectDto>>> ListAsync(ProjectService projects, string? search, HttpContext context,
        CancellationToken ct)
    {
        var only = PanelClaims.ProjectOf(context.User);
        return TypedResults.Ok((await projects.ListAsync(search, ct)).Where(p => only is null || p.Id == only)
            .Select(ProjectDto.From).ToList());
    }

    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> GetAsync(Guid id, ProjectService projects, CancellationToken ct) =>
        await projects.FindSummaryAsync(id, ct) is { } project
            ? TypedResults.Ok(ProjectDto.From(project))
            : ProblemResults.NotFound("project");

    public static async Task<Results<Created<ProjectDto>, ProblemHttpResult>> CreateAsync(
        ProjectInput input, ProjectService projects, HttpContext context, CancellationToken ct)
    {
        var outcome = await projects.CreateAsync(input.Name, input.Description, PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var p = outcome.Value!;
        return TypedResults.Created($"/api/projects/{p.Id}", new ProjectDto(p.Id, p.Name, p.Description, 0, p.UpdatedAt));
    }

    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> UpdateAsync(
        Guid id, ProjectInput input, ProjectService projects, HttpContext context, CancellationToken ct)
    {
        var outcome = await projects.UpdateAsync(id, input.Name, input.Description, PanelActor.From(context.User, context), ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        return TypedResults.Ok(ProjectDto.From((await projects.FindSummaryAsync(id, ct))!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ProjectService projects, HttpContext context, CancellationToken ct)
    {
        var outcome = await projects.DeleteAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<List<ServiceDto>>, ProblemHttpResult>> ListServicesAsync(
        Guid id, ProjectService projects, CancellationToken ct)
    {
        if (await projects.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("project");
        }

        return TypedResults.Ok((await projects.ListServicesAsync(id, ct))
            .Select(s => new ServiceDto(s.Id, s.Name, s.Kind, s.Status, s.UpdatedAt)).ToList());
    }
}
