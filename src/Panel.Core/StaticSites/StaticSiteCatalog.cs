using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>Creates, shows and changes static sites; every change of settings is applied to the static edge at once.</summary>
public sealed class StaticSiteCatalog(IPanelDbContext db, StaticEdgeSync edge, RouteChanges routes, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Outcome<StaticSiteView>> CreateAsync(Guid projectId, StaticSiteInput input, Actor actor,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var check = await NewService.CheckAsync(db, projectId, input.Name, ServiceKind.StaticSite, StaticSiteValidation.Check(input), now,
            cancellationToken);
        if (!check.Succeeded)
        {
            return check.Failed<StaticSiteView>();
        }

        var (service, project, name) = (check.Value!, check.Value!.Project!, check.Value!.Name);
        service.StaticSite = new StaticSiteSettings();
        Apply(service.StaticSite, input);
        db.Services.Add(service);
        project.UpdatedAt = now;
        audit.Add(actor, AuditActions.ServiceCreated, $"{project.Name}/{name}", "static site");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<StaticSiteView>.Ok(StaticSiteView.From(service, project.Name));
    }

    public async Task<StaticSiteView?> FindAsync(Guid siteId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == siteId && s.Kind == ServiceKind.StaticSite, cancellationToken);
        return service is null ? null : StaticSiteView.From(service, service.Project!.Name);
    }

    public async Task<Outcome<StaticSiteView>> UpdateAsync(Guid siteId, StaticSiteInput input, Actor actor,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == siteId && s.Kind == ServiceKind.StaticSite, cancellationToken);
        if (service is null)
        {
            return Outcome<StaticSiteView>.NotFound("This static site does not exist any more.");
        }

        if (input.Name is not null && input.Name.Trim() != service.Name)
        {
            return Outcome<StaticSiteView>.Invalid("A service keeps its name.");
        }

        var error = StaticSiteValidation.Check(input);
        if (error is not null)
        {
            return Outcome<StaticSiteView>.Invalid(error);
        }

        service.StaticSite ??= new StaticSiteSettings();
        Apply(service.StaticSite, input);
        service.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ServiceUpdated, $"{service.Project!.Name}/{service.Name}", "static site settings");
        await db.SaveChangesAsync(cancellationToken);
        await edge.ApplyAsync(cancellationToken);
        routes.Publish(siteId);
        return Outcome<StaticSiteView>.Ok(StaticSiteView.From(service, service.Project.Name));
    }

    private static void Apply(StaticSiteSettings settings, StaticSiteInput input)
    {
        settings.SpaMode = input.SpaMode ?? settings.SpaMode;
        if (input.NotFoundPage is not null)
        {
            settings.NotFoundPage = input.NotFoundPage.Trim().TrimStart('/') is { Length: > 0 } page ? page : null;
        }

        if (input.ResponseHeaders is not null)
        {
            settings.ResponseHeaders = input.ResponseHeaders
                .Select(h => new ResponseHeader { Name = h.Name.Trim(), Value = h.Value.Trim() }).ToList();
        }

        settings.KeepReleases = input.KeepReleases ?? settings.KeepReleases;
    }
}
