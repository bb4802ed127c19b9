using DropIt.Panel.Core.Routing;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Domains of a service: <c>{host, pathPrefix, port, https, redirectToHttps, wwwRedirect, basicAuth, composeService}</c>;
/// <c>composeService</c> (with <c>port</c>) names the compose service a compose stack's domain reaches.
/// </summary>
public static class DomainsApi
{
    public static RouteGroupBuilder MapDomainsApi(this RouteGroupBuilder api)
    {
        var domains = api.MapGroup("/services/{id:guid}/domains").WithTags("Domains");
        domains.MapGet("/", ListAsync).WithName("ListDomains");
        domains.MapPost("/", AddAsync).WithName("AddDomain");
        domains.MapDelete("/{domainId:guid}", RemoveAsync).WithName("RemoveDomain");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<DomainView>>> ListAsync(Guid id, DomainService domains, CancellationToken ct) =>
        TypedResults.Ok(await domains.ListAsync(id, ct));

    public static async Task<Results<Created<DomainView>, ProblemHttpResult>> AddAsync(Guid id, DomainInput input,
        DomainService domains, HttpContext context, CancellationToken ct)
    {
        var outcome = await domains.AddAsync(id, input, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/services/{id}/domains/{outcome.Value!.Id}", outcome.Value)
            : ProblemResults.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, Guid domainId, DomainService domains,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await domains.RemoveAsync(id, domainId, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }
}
