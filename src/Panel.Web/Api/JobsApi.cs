using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.ScheduledJobs;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Scheduled jobs of applications (decision 043): list and create under the service, read, change and delete under
/// <c>/api/jobs/{id}</c>, run now (202 with the run's id), and the runs with their logs.
/// </summary>
public static class JobsApi
{
    private const int MaxRuns = 200;

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var services = api.MapGroup("/services").WithTags("Scheduled jobs");
        services.MapGet("/{id:guid}/jobs", ListAsync).WithName("ListServiceJobs");
        services.MapPost("/{id:guid}/jobs", CreateAsync).WithName("CreateServiceJob");

        var jobs = api.MapGroup("/jobs").WithTags("Scheduled jobs");
        jobs.MapGet("/{id:guid}", GetAsync).WithName("GetJob");
        jobs.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateJob");
        jobs.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteJob");
        jobs.MapPost("/{id:guid}/run", RunAsync).WithName("RunJob").RequireAccess(Access.Deploy);
        jobs.MapGet("/{id:guid}/runs", ListRunsAsync).WithName("ListJobRuns");
        jobs.MapGet("/{id:guid}/runs/{runId:guid}", GetRunAsync).WithName("GetJobRun");
        jobs.MapGet("/{id:guid}/runs/{runId:guid}/log", GetRunLogAsync).WithName("GetJobRunLog").Produces<string>(contentType: "text/plain");
        return api;
    }

    public static async Task<Results<Ok<List<JobDto>>, ProblemHttpResult>> ListAsync(Guid id, JobCatalog jobs, CancellationToken ct)
    {
        var outcome = await jobs.ListAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!.Select(JobDto.From).ToList()) : ProblemResults.From(outcome);
    }

    public static async Task<Results<Created<JobDto>, ProblemHttpResult>> CreateAsync(Guid id, JobRequest request, JobCatalog jobs,
        HttpContext context, CancellationToken ct)
    {
        var (input, error) = request.ToInput(null);
        if (input is null)
        {
            return ProblemResults.From(Outcome<bool>.Invalid(error!));
        }

        var outcome = await jobs.CreateAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/jobs/{outcome.Value!.Id}", JobDto.From(outcome.Value))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<JobDto>, ProblemHttpResult>> GetAsync(Guid id, JobCatalog jobs, CancellationToken ct) =>
        await jobs.FindAsync(id, ct) is { } job ? TypedResults.Ok(JobDto.From(job)) : ProblemResults.NotFound("scheduled job");

    /// <summary>Changes the job; left-out fields keep their value.</summary>
    public static async Task<Results<Ok<JobDto>, ProblemHttpResult>> UpdateAsync(Guid id, JobRequest request, JobCatalog jobs,
        HttpContext context, CancellationToken ct)
    {
        if (await jobs.FindAsync(id, ct) is not { } current)
        {
            return ProblemResults.NotFound("scheduled job");
        }

        var (input, error) = request.ToInput(current);
        if (input is null)
        {
            return ProblemResults.From(Outcome<bool>.Invalid(error!));
        }

        var outcome = await jobs.UpdateAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(JobDto.From(outcome.Value!)) : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, JobCatalog jobs, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await jobs.DeleteAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    /// <summary>Runs the job now: 202 with the queued run; 409 while a run goes on and the overlap policy is skip.</summary>
    public static async Task<Results<Accepted<JobRunCreated>, ProblemHttpResult>> RunAsync(Guid id, JobCatalog jobs, HttpContext context,
        CancellationToken ct)
    {
        var outcome = await jobs.RunNowAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/jobs/{id}/runs/{outcome.Value!.Id}", new JobRunCreated(outcome.Value.Id, id))
            : ProblemResults.From(outcome);
    }

    /// <summary>The runs, newest first (at most <c>limit</c>, default 50), without their logs.</summary>
    public static async Task<Results<Ok<List<JobRunDto>>, ProblemHttpResult>> ListRunsAsync(Guid id, int? limit, JobCatalog jobs,
        CancellationToken ct)
    {
        if (await jobs.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("scheduled job");
        }

        var runs = await jobs.ListRunsAsync(id, Math.Clamp(limit ?? 50, 1, MaxRuns), ct);
        return TypedResults.Ok(runs.Select(r => JobRunDto.From(r, withLog: false)).ToList());
    }

    /// <summary>One run with its log (the end of it when long).</summary>
    public static async Task<Results<Ok<JobRunDto>, ProblemHttpResult>> GetRunAsync(Guid id, Guid runId, JobCatalog jobs, CancellationToken ct) =>
        await jobs.FindRunAsync(id, runId, ct) is { } run ? TypedResults.Ok(JobRunDto.From(run, withLog: true)) : ProblemResults.NotFound("run of this job");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetRunLogAsync(Guid id, Guid runId, JobCatalog jobs,
        CancellationToken ct) =>
        await jobs.FindRunAsync(id, runId, ct) is { } run
            ? TypedResults.Text(run.Log, "text/plain; charset=utf-8")
            : ProblemResults.NotFound("run of this job");
}
