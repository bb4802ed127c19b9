using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>Static sites and their releases; a release upload is live when the request returns.</summary>
public static class StaticSitesApi
{
    public static RouteGroupBuilder MapStaticSitesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:guid}/static-sites", CreateAsync).WithTags("Static sites").WithName("CreateStaticSite");
        var sites = api.MapGroup("/static-sites").WithTags("Static sites");
        sites.MapGet("/{id:guid}", GetAsync).WithName("GetStaticSite");
        sites.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateStaticSite");
        sites.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteStaticSite");
        sites.MapGet("/{id:guid}/releases", ListReleasesAsync).WithName("ListStaticReleases");
        sites.MapPost("/{id:guid}/releases", ReleaseUpload.UploadAsync).WithName("UploadStaticRelease").DisableAntiforgery().RequireAccess(Access.Deploy)
            .Accepts<IFormFile>("multipart/form-data", "application/zip");
        sites.MapPost("/{id:guid}/releases/{releaseId:guid}/activate", ActivateAsync).WithName("ActivateStaticRelease").RequireAccess(Access.Deploy);
        sites.MapDelete("/{id:guid}/releases/{releaseId:guid}", DeleteReleaseAsync).WithName("DeleteStaticRelease");
        return api;
    }

    public static async Task<Results<Created<StaticSiteDto>, ProblemHttpResult>> CreateAsync(Guid id, StaticSiteRequest request,
        StaticSiteCatalog catalog, DomainService domains, ServiceControl control, HttpContext context, CancellationToken ct)
    {
        var actor = PanelActor.From(context.User, context);
        var outcome = await catalog.CreateAsync(id, request.ToInput(), actor, ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var site = outcome.Value!;
        foreach (var host in request.Domains ?? [])
        {
            var added = await domains.AddAsync(site.Id, new DomainInput(host), actor, ct);
            if (!added.Succeeded)
            {
                await control.DeleteAsync(site.Id, actor, CancellationToken.None);
                return ProblemResults.From(added);
            }
        }

        return TypedResults.Created($"/api/static-sites/{site.Id}", StaticSiteDto.From(site, await domains.ListAsync(site.Id, ct)));
    }

    public static async Task<Results<Ok<StaticSiteDto>, ProblemHttpResult>> GetAsync(Guid id, StaticSiteCatalog catalog,
        DomainService domains, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } site
            ? TypedResults.Ok(StaticSiteDto.From(site, await domains.ListAsync(id, ct)))
            : ProblemResults.NotFound("static site");

    public static async Task<Results<Ok<StaticSiteDto>, ProblemHttpResult>> UpdateAsync(Guid id, StaticSiteRequest request,
        StaticSiteCatalog catalog, DomainService domains, HttpContext context, CancellationToken ct)
    {
        if (request.Domains is not null)
        {
            return TypedResults.Problem($"Change domains through /api/services/{id}/domains.", statusCode: 400, title: "Invalid request");
        }

        var outcome = await catalog.UpdateAsync(id, request.ToInput(), PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(StaticSiteDto.From(outcome.Value!, await domains.ListAsync(id, ct)))
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, StaticSiteCatalog catalog,
        ServiceControl control, HttpContext context, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return ProblemResults.NotFound("static site");
        }

        var outcome = await control.DeleteAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static async Task<Results<Ok<IReadOnlyList<StaticReleaseView>>, ProblemHttpResult>> ListReleasesAsync(Guid id,
        StaticSiteCatalog catalog, StaticReleases releases, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is null
            ? ProblemResults.NotFound("static site")
            : TypedResults.Ok(await releases.ListAsync(id, ct));

    public static async Task<Results<Ok<StaticReleaseView>, ProblemHttpResult>> ActivateAsync(Guid id, Guid releaseId,
        StaticReleases releases, HttpContext context, CancellationToken ct)
    {
        var outcome = await releases.ActivateAsync(id, releaseId, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteReleaseAsync(Guid id, Guid releaseId,
        StaticReleases releases, HttpContext context, CancellationToken ct)
    {
        var outcome = await releases.DeleteAsync(id, releaseId, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
