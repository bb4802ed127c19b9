using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

public sealed record DeploymentCreated(Guid Id);

/// <summary>Deploy, history, one deployment, its log, rollback and cancel.</summary>
public static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/services/{id:guid}/deployments", DeployAsync).WithTags("Deployments").WithName("Deploy")
            .RequireAccess(Access.Deploy);
        api.MapGet("/services/{id:guid}/deployments", ListAsync).WithTags("Deployments").WithName("ListDeployments");
        var deployments = api.MapGroup("/deployments").WithTags("Deployments");
        deployments.MapGet("/{id:guid}", GetAsync).WithName("GetDeployment");
        deployments.MapGet("/{id:guid}/log", LogAsync).WithName("GetDeploymentLog");
        deployments.MapPost("/{id:guid}/rollback", RollbackAsync).WithName("RollbackDeployment").RequireAccess(Access.Deploy);
        deployments.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelDeployment").RequireAccess(Access.Deploy);
        return api;
    }

    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> DeployAsync(Guid id,
        DeploymentService deployments, HttpContext context, CancellationToken ct) =>
        Accepted(await deployments.QueueAsync(id, DeploymentTrigger.Api, PanelActor.From(context.User, context), ct));

    public static async Task<Results<Ok<List<DeploymentDto>>, ProblemHttpResult>> ListAsync(Guid id, int? take,
        ApplicationCatalog catalog, DeploymentHistory history, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("application service")
            : TypedResults.Ok((await history.ListAsync(id, take ?? 50, ct)).Select(DeploymentDto.From).ToList());

    public static async Task<Results<Ok<DeploymentDto>, ProblemHttpResult>> GetAsync(Guid id, DeploymentHistory history,
        CancellationToken ct) =>
        await history.FindAsync(id, ct) is { } deployment
            ? TypedResults.Ok(DeploymentDto.From(deployment))
            : ProblemResults.NotFound("deployment");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> LogAsync(Guid id, DeploymentHistory history,
        CancellationToken ct)
    {
        if (await history.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("deployment");
        }

        return TypedResults.Text(await history.ReadLogAsync(id, DeploymentLogTail.ApiBytes, ct) ?? "", "text/plain; charset=utf-8");
    }

    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> RollbackAsync(Guid id,
        DeploymentService deployments, HttpContext context, CancellationToken ct) =>
        Accepted(await deployments.RollbackAsync(id, PanelActor.From(context.User, context), ct));

    public static async Task<Results<Accepted<DeploymentCreated>, ProblemHttpResult>> CancelAsync(Guid id,
        DeploymentService deployments, HttpContext context, CancellationToken ct) =>
        Accepted(await deployments.CancelAsync(id, PanelActor.From(context.User, context), ct));

    private static Results<Accepted<DeploymentCreated>, ProblemHttpResult> Accepted(Outcome<Deployment> outcome) =>
        outcome.Succeeded
            ? TypedResults.Accepted($"/api/deployments/{outcome.Value!.Id}", new DeploymentCreated(outcome.Value.Id))
            : ProblemResults.From(outcome);
}
