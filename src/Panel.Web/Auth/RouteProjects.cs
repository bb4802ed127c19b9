using DropIt.Panel.Core.Common;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Auth;

/// <summary>Marks a list route that a token limited to a project may call: it answers with that project's items only.</summary>
public sealed class FilteredByTokenProject
{
    public static FilteredByTokenProject Instance { get; } = new();
}

/// <summary>
/// The project a request's resource belongs to, from its route: <c>/api/&lt;kind&gt;/{id}/...</c> where the kind is a
/// project, a service (application, database, static site, compose), a deployment, a backup policy or a backup. Every other route
/// (settings, certificates, backup destinations, users, tokens, the server, restores) belongs to no project.
/// </summary>
public static class RouteProjects
{
    public static async Task<Guid?> ProjectOfAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.PathSegments: { Count: >= 3 } segments }
            || segments[0].Parts is not [RoutePatternLiteralPart { Content: "api" }]
            || segments[1].Parts is not [RoutePatternLiteralPart { Content: var kind }]
            || segments[2].Parts is not [RoutePatternParameterPart { Name: "id" }]
            || !Guid.TryParse(context.GetRouteValue("id")?.ToString(), out var id))
        {
            return null;
        }

        var db = context.RequestServices.GetRequiredService<IPanelDbContext>();
        var ct = context.RequestAborted;
        return kind switch
        {
            "projects" => id,
            "services" or "databases" or "static-sites" or "compose" => await db.Services.Where(s => s.Id == id)
                .Select(s => (Guid?)s.ProjectId).FirstOrDefaultAsync(ct),
            "deployments" => await (from d in db.Deployments
                                    where d.Id == id
                                    join s in db.Services on d.ServiceId equals s.Id
                                    select (Guid?)s.ProjectId).FirstOrDefaultAsync(ct),
            "backup-policies" => await (from p in db.BackupPolicies
                                        where p.Id == id
                                        join s in db.Services on p.ServiceId equals (Guid?)s.Id
                                        select (Guid?)s.ProjectId).FirstOrDefaultAsync(ct),
            "jobs" => await (from j in db.ScheduledJobs
                             where j.Id == id
                             join s in db.Services on j.ServiceId equals s.Id
                             select (Guid?)s.ProjectId).FirstOrDefaultAsync(ct),
            "backups" => await (from r in db.BackupRuns
                                where r.Id == id
                                join p in db.BackupPolicies on r.PolicyId equals p.Id
                                join s in db.Services on p.ServiceId equals (Guid?)s.Id
                                select (Guid?)s.ProjectId).FirstOrDefaultAsync(ct),
            _ => null,
        };
    }
}
