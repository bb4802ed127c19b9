using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Deployments;

/// <summary>Starts, rolls back and cancels deployments; the work itself happens in <see cref="DeploymentRunner"/>.</summary>
public sealed class DeploymentService(
    IPanelDbContext db,
    IDeploymentQueue queue,
    IImageBuilds images,
    DeploymentCoordinator coordinator,
    DeploymentEvents events,
    AuditTrail audit,
    TimeProvider clock)
{
    /// <summary>
    /// Queues a deployment of the service's current source. A deployment already waiting in the queue is
    /// returned instead of a second one (a burst of pushes deploys once, with the newest commit).
    /// </summary>
    public async Task<Outcome<Deployment>> QueueAsync(Guid serviceId, DeploymentTrigger trigger, Actor actor,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<Deployment>.NotFound("This service does not exist any more.");
        }

        if (service.Kind == ServiceKind.StaticSite || service is { Application: null, Database: null, Compose: null })
        {
            return Outcome<Deployment>.Invalid("Only applications, databases and compose services are deployed; upload a release to a static site instead.");
        }

        var waiting = await db.Deployments.AsNoTracking()
            .FirstOrDefaultAsync(d => d.ServiceId == serviceId && d.Status == DeploymentStatus.Queued && d.RollbackOfId == null,
                cancellationToken);
        if (waiting is not null)
        {
            return Outcome<Deployment>.Ok(waiting);
        }

        var id = Guid.CreateVersion7();
        return await AddAsync(new Deployment
        {
            Id = id,
            ServiceId = serviceId,
            Trigger = trigger,
            // A compose service builds one image per build: service; its stack file names them (StackFile).
            ImageTag = service.Kind == ServiceKind.Compose ? null : service.Database?.Image ?? EngineNames.ImageTag(serviceId, id),
        }, actor, AuditActions.DeploymentQueued, service.Name, cancellationToken);
    }

    /// <summary>Makes a successful deployment's image live again, without a build.</summary>
    public async Task<Outcome<Deployment>> RollbackAsync(Guid deploymentId, Actor actor, CancellationToken cancellationToken)
    {
        var target = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
        if (target is null)
        {
            return Outcome<Deployment>.NotFound("This deployment does not exist any more.");
        }

        if (await db.Services.AnyAsync(s => s.Id == target.ServiceId && s.Kind == ServiceKind.Database, cancellationToken))
        {
            return Outcome<Deployment>.Invalid("A database is not rolled back to an earlier deployment: change its settings back instead.");
        }

        if (await db.Services.AnyAsync(s => s.Id == target.ServiceId && s.Kind == ServiceKind.Compose, cancellationToken))
        {
            if (await CheckStackRollbackAsync(target, cancellationToken) is { } refused)
            {
                return refused;
            }
        }
        else if (target.Status != DeploymentStatus.Succeeded || target.ImageTag is null)
        {
            return Outcome<Deployment>.Invalid("Only a successful deployment can be rolled back to.");
        }
        else if (!await images.ExistsAsync(target.ImageTag, cancellationToken))
        {
            return Outcome<Deployment>.Conflict(
                "The image of this deployment was removed (only the last few are kept). Redeploy instead.");
        }

        var serviceName = await db.Services.Where(s => s.Id == target.ServiceId).Select(s => s.Name).FirstAsync(cancellationToken);
        return await AddAsync(new Deployment
        {
            Id = Guid.CreateVersion7(),
            ServiceId = target.ServiceId,
            Trigger = DeploymentTrigger.Rollback,
            RollbackOfId = target.Id,
            ImageTag = target.ImageTag,
            CommitHash = target.CommitHash,
            CommitMessage = target.CommitMessage,
        }, actor, AuditActions.DeploymentRolledBack, serviceName, cancellationToken);
    }

    /// <summary>A compose rollback deploys the target's stack file again: it needs that file and every image it built.</summary>
    private async Task<Outcome<Deployment>?> CheckStackRollbackAsync(Deployment target, CancellationToken cancellationToken)
    {
        if (target.Status != DeploymentStatus.Succeeded || target.StackFile is null)
        {
            return Outcome<Deployment>.Invalid("Only a successful deployment of the stack can be rolled back to.");
        }

        foreach (var image in Compose.StackFileText.BuiltImages(target.ServiceId, target.StackFile))
        {
            if (!await images.ExistsAsync(image, cancellationToken))
            {
                return Outcome<Deployment>.Conflict(
                    $"The image {image} of this deployment was removed (only the last few are kept). Redeploy instead.");
            }
        }

        return null;
    }

    private async Task<Outcome<Deployment>> AddAsync(Deployment deployment, Actor actor, string action, string serviceName,
        CancellationToken cancellationToken)
    {
        deployment.Status = DeploymentStatus.Queued;
        deployment.Step = DeploymentSteps.Queued;
        deployment.TriggeredBy = actor.Name;
        deployment.CreatedAt = clock.GetUtcNow();
        db.Deployments.Add(deployment);
        audit.Add(actor, action, $"{serviceName} ({deployment.Id})");
        await db.SaveChangesAsync(cancellationToken);
        queue.Enqueue(deployment.Id);
        events.Publish(new DeploymentChanged(deployment.Id, deployment.ServiceId, deployment.Status, deployment.Step, false));
        return Outcome<Deployment>.Ok(deployment);
    }

    /// <summary>Stops a queued or running deployment; the running build is killed and the new version removed.</summary>
    public async Task<Outcome<Deployment>> CancelAsync(Guid deploymentId, Actor actor, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
        if (deployment is null)
        {
            return Outcome<Deployment>.NotFound("This deployment does not exist any more.");
        }

        var now = clock.GetUtcNow();
        var dequeued = await db.Deployments
            .Where(d => d.Id == deploymentId && d.Status == DeploymentStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeploymentStatus.Cancelled)
                .SetProperty(d => d.Step, DeploymentSteps.Cancelled)
                .SetProperty(d => d.FinishedAt, now)
                .SetProperty(d => d.Error, "Cancelled before it started."), cancellationToken);
        if (dequeued == 0 && !coordinator.Cancel(deploymentId))
        {
            return Outcome<Deployment>.Conflict($"This deployment is {deployment.Status.ToString().ToLowerInvariant()}; only a queued or running one can be cancelled.");
        }

        await audit.RecordAsync(actor, AuditActions.DeploymentCancelled, deploymentId.ToString(), cancellationToken: cancellationToken);
        if (dequeued > 0)
        {
            events.Publish(new DeploymentChanged(deploymentId, deployment.ServiceId, DeploymentStatus.Cancelled, DeploymentSteps.Cancelled, false));
        }

        return Outcome<Deployment>.Ok(deployment);
    }
}
