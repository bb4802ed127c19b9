using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Applications;

/// <summary>Start, stop, restart and delete an application service's running version.</summary>
public sealed class ServiceControl(
    IPanelDbContext db,
    ISwarmOperations swarm,
    IStackOperations stacks,
    ISwarmFiles files,
    IImageBuilds images,
    DeploymentCoordinator coordinator,
    DeploymentEvents events,
    RouteChanges routes,
    ServiceChanges serviceChanges,
    DataDirectory data,
    AuditTrail audit,
    TimeProvider clock)
{
    public Task<Outcome<bool>> StopAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceStopped, async (service, live) =>
        {
            await swarm.ScaleAsync(live, 0, cancellationToken);
            service.Stopped = true;
            service.Status = ServiceStatus.Stopped;
        }, cancellationToken);

    public Task<Outcome<bool>> StartAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceStarted, async (service, live) =>
        {
            await swarm.ScaleAsync(live, service.Application!.Replicas, cancellationToken);
            service.Stopped = false;
            service.Status = ServiceStatus.Running;
        }, cancellationToken);

    public Task<Outcome<bool>> RestartAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceRestarted, async (service, live) =>
        {
            if (service.Stopped)
            {
                await swarm.ScaleAsync(live, service.Application!.Replicas, cancellationToken);
            }

            // Swarm replaces the tasks in the order the version was created with: stop-first when the service keeps
            // data (StopFirstSwitch.Apply), so the old container is gone before the new one opens the volume.
            await swarm.RestartAsync(live, cancellationToken);
            service.Stopped = false;
            service.Status = ServiceStatus.Running;
        }, cancellationToken);

    private async Task<Outcome<bool>> ChangeAsync(Guid serviceId, Actor actor, string action,
        Func<Service, string, Task> change, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        if (service is null)
        {
            return Outcome<bool>.NotFound("This service does not exist any more.");
        }

        var live = service.LiveDeploymentId is { } liveId
            ? await db.Deployments.Where(d => d.Id == liveId).Select(d => d.EngineServiceName).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (live is null)
        {
            return Outcome<bool>.Conflict("This service has no deployed version yet. Deploy it first.");
        }

        using (await coordinator.LockServiceAsync(serviceId, cancellationToken))
        {
            await change(service, live);
            service.UpdatedAt = clock.GetUtcNow();
            audit.Add(actor, action, service.Name);
            await db.SaveChangesAsync(cancellationToken);
        }

        events.Publish(new DeploymentChanged(service.LiveDeploymentId!.Value, serviceId, DeploymentStatus.Succeeded, null, LiveChanged: true));
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Cancels its deployments, removes its Docker services and images (a static site: its releases), its files, then the service.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<bool>.NotFound("This service does not exist any more.");
        }

        var active = await db.Deployments
            .Where(d => d.ServiceId == serviceId && (d.Status == DeploymentStatus.Queued || d.Status == DeploymentStatus.Running))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in active)
        {
            coordinator.Cancel(id);
        }

        using (await coordinator.LockServiceAsync(serviceId, cancellationToken))
        {
            if (service.Kind == ServiceKind.StaticSite)
            {
                db.Services.Remove(service);
                audit.Add(actor, AuditActions.ServiceDeleted, $"{service.Project!.Name}/{service.Name}");
                await db.SaveChangesAsync(cancellationToken);
                if (Directory.Exists(data.Site(serviceId)))
                {
                    Directory.Delete(data.Site(serviceId), recursive: true);
                }

                routes.Publish(serviceId);
                serviceChanges.PublishRemoved(serviceId);
                return Outcome<bool>.Ok(true);
            }

            if (service.Compose is { } compose)
            {
                // The stack's services, networks, configs and secrets go; its volumes stay (docs/deployments.md says how to remove them).
                await stacks.RemoveAsync(compose.StackName, cancellationToken);
                await files.RemoveUnusedAsync(serviceId, [], cancellationToken);
                var stackFiles = await db.Deployments.Where(d => d.ServiceId == serviceId && d.StackFile != null)
                    .Select(d => d.StackFile!).ToListAsync(cancellationToken);
                foreach (var image in stackFiles.SelectMany(f => Compose.StackFileText.BuiltImages(serviceId, f)).Distinct())
                {
                    await images.RemoveAsync(image, cancellationToken);
                }
            }

            var engineServices = (await swarm.ListPanelServicesAsync(cancellationToken)).Where(s => s.ServiceId == serviceId).ToList();
            foreach (var engineService in engineServices)
            {
                await swarm.RemoveServiceAsync(engineService.Name, cancellationToken);
            }

            foreach (var engineService in engineServices)
            {
                await swarm.WaitContainersGoneAsync(engineService.Name, TimeSpan.FromSeconds(30), cancellationToken);
            }

            foreach (var tag in await images.ListTagsAsync(EngineNames.ImageRepository(serviceId), cancellationToken))
            {
                await images.RemoveAsync(tag, cancellationToken);
            }

            var logs = await db.Deployments.Where(d => d.ServiceId == serviceId).Select(d => d.Id).ToListAsync(cancellationToken);
            db.Services.Remove(service);
            audit.Add(actor, AuditActions.ServiceDeleted, $"{service.Project!.Name}/{service.Name}");
            await db.SaveChangesAsync(cancellationToken);
            DeleteIfExists(data.SourceZip(serviceId));
            foreach (var id in logs)
            {
                DeleteIfExists(data.DeploymentLog(id));
            }
        }

        // Its routes go with it (RoutingSync removes its Traefik file); pages that show it read it again.
        routes.Publish(serviceId);
        serviceChanges.PublishRemoved(serviceId);
        return Outcome<bool>.Ok(true);
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
