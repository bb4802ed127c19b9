using System.Security.Claims;
using DropIt.Panel.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Keeps a token limited to a project on that project: a route of another project's resource, or of no project at all
/// (settings, certificates, users, tokens, the server), is refused with a message that says so.
/// </summary>
public sealed class ProjectScopeHandler(IHttpContextAccessor accessor) : AuthorizationHandler<ProjectScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectScopeRequirement requirement)
    {
        if (PanelClaims.ProjectOf(context.User) is not { } allowed)
        {
            context.Succeed(requirement);
            return;
        }

        var http = context.Resource as HttpContext ?? accessor.HttpContext;
        if (http is null)
        {
            context.Fail(new AccessFailure(this, "A token limited to a project cannot open the panel's pages."));
            return;
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<FilteredByTokenProject>() is not null)
        {
            context.Succeed(requirement);
            return;
        }

        var target = await RouteProjects.ProjectOfAsync(http);
        if (target == allowed)
        {
            context.Succeed(requirement);
            return;
        }

        var db = http.RequestServices.GetRequiredService<IPanelDbContext>();
        var name = await db.Projects.Where(p => p.Id == allowed).Select(p => p.Name).FirstOrDefaultAsync(http.RequestAborted);
        var token = context.User.FindFirstValue(ApiTokenAuthenticationHandler.TokenNameClaim);
        var where = target is null
            ? "this route belongs to no project (settings, certificates, backup destinations, users, tokens and the server are outside every project)"
            : "this resource belongs to another project";
        context.Fail(new AccessFailure(this,
            $"The token \"{token}\" is limited to the project \"{name}\" ({allowed}), and {where}. Use a token without a project for it."));
    }
}
