using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Databases;

/// <summary>Start, stop, restart, password rotation and delete of a database service.</summary>
public sealed class DatabaseControl(
    IPanelDbContext db,
    ISwarmOperations swarm,
    ISwarmFiles files,
    IVolumeOperations volumes,
    IContainerOperations containers,
    ISecretProtector protector,
    DeploymentService deployments,
    DeploymentCoordinator coordinator,
    DeploymentEvents events,
    ServiceControl services,
    DatabaseFirewall firewall,
    AuditTrail audit,
    TimeProvider clock)
{
    public Task<Outcome<bool>> StopAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceStopped, async (service, name) =>
        {
            await swarm.ScaleAsync(name, 0, cancellationToken);
            service.Stopped = true;
            service.Status = ServiceStatus.Stopped;
        }, cancellationToken);

    public Task<Outcome<bool>> StartAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceStarted, async (service, name) =>
        {
            await swarm.ScaleAsync(name, 1, cancellationToken);
            service.Stopped = false;
            service.Status = ServiceStatus.Running;
        }, cancellationToken);

    /// <summary>Replaces the task stop-first (the service's update order): the server stops cleanly, then starts again.</summary>
    public Task<Outcome<bool>> RestartAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(serviceId, actor, AuditActions.ServiceRestarted, async (service, name) =>
        {
            if (service.Stopped)
            {
                await swarm.ScaleAsync(name, 1, cancellationToken);
            }

            await swarm.RestartAsync(name, cancellationToken);
            service.Stopped = false;
            service.Status = ServiceStatus.Running;
        }, cancellationToken);

    private async Task<Outcome<bool>> ChangeAsync(Guid serviceId, Actor actor, string action, Func<Service, string, Task> change,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<bool>.NotFound("This database does not exist any more.");
        }

        if (service.LiveDeploymentId is null)
        {
            return Outcome<bool>.Conflict("This database has not started yet; wait for its first deployment.");
        }

        using (await coordinator.LockServiceAsync(serviceId, cancellationToken))
        {
            await change(service, DatabaseUrls.Host(service));
            service.UpdatedAt = clock.GetUtcNow();
            audit.Add(actor, action, $"{service.Project!.Name}/{service.Name}");
            await db.SaveChangesAsync(cancellationToken);
        }

        events.Publish(new DeploymentChanged(service.LiveDeploymentId.Value, serviceId, DeploymentStatus.Succeeded, null, LiveChanged: true));
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// A new password: set inside the running server first, then a new Swarm secret generation and a stop-first redeploy.
    /// Applications that reference the database get the new URL at their next deployment.
    /// </summary>
    public async Task<Outcome<Deployment>> RotatePasswordAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<Deployment>.NotFound("This database does not exist any more.");
        }

        var settings = service.Database!;
        var password = DatabaseCatalog.NewPassword();
        using (await coordinator.LockServiceAsync(serviceId, cancellationToken))
        {
            if (settings.Engine != DatabaseEngine.Redis)
            {
                var error = await SetPasswordInServerAsync(service, password, cancellationToken);
                if (error is not null)
                {
                    return Outcome<Deployment>.Conflict(error);
                }
            }

            settings.PasswordEncrypted = protector.Protect(password);
            settings.SecretGeneration++;
            service.UpdatedAt = clock.GetUtcNow();
            audit.Add(actor, AuditActions.DatabasePasswordRotated, $"{service.Project!.Name}/{service.Name}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return await deployments.QueueAsync(serviceId, DeploymentTrigger.User, actor, cancellationToken);
    }

    private async Task<string?> SetPasswordInServerAsync(Service service, string password, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var running = (await swarm.ListReplicasAsync(DatabaseUrls.Host(service), cancellationToken))
            .FirstOrDefault(r => r is { State: "running", ContainerId: not null });
        if (running is null)
        {
            return "The database is not running; start it, then rotate its password (the new one is set inside the server).";
        }

        // The statement travels on standard input, never on a command line.
        IReadOnlyList<string> command = settings.Engine == DatabaseEngine.Postgres
            ? ["psql", "-v", "ON_ERROR_STOP=1", "-X", "-q", "-U", settings.Username!, "-d", settings.DatabaseName!]
            : ["sh", "-c", $"MYSQL_PWD=\"$(cat {DatabaseSpecs.RootPasswordFile})\" exec {(settings.Engine == DatabaseEngine.MySql ? "mysql" : "mariadb")} -uroot"];
        var statement = settings.Engine == DatabaseEngine.Postgres
            ? $"ALTER ROLE \"{settings.Username}\" WITH PASSWORD '{password}';\n"
            : $"ALTER USER '{settings.Username}'@'%' IDENTIFIED BY '{password}';\nFLUSH PRIVILEGES;\n";
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(statement));
        var result = await containers.ExecAsync(running.ContainerId!, command, input, null, cancellationToken);
        return result.Succeeded
            ? null
            : $"The server refused the new password: {new SecretMasker([password]).Mask(result.ErrorTail.Trim())}";
    }

    /// <summary>Deletes the volume a major upgrade kept for a rollback; the database on its new volume is not touched.</summary>
    public async Task<Outcome<bool>> DeletePreviousVolumeAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service?.Database?.PreviousVolume is not { } previous)
        {
            return Outcome<bool>.NotFound("This database keeps no volume of an earlier version.");
        }

        var use = await volumes.InspectAsync(previous.VolumeName, cancellationToken);
        if (use is { UsedBy.Count: > 0 })
        {
            return Outcome<bool>.Conflict($"The volume {previous.VolumeName} is in use by {string.Join(", ", use.UsedBy)}.");
        }

        await volumes.RemoveAsync(previous.VolumeName, cancellationToken);
        service.Database.PreviousVolume = null;
        audit.Add(actor, AuditActions.DatabaseVolumeDeleted, $"{service.Project!.Name}/{service.Name}", previous.VolumeName);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Removes the database's service, secrets and configs; its volume only when <paramref name="deleteVolume"/> (default: kept).</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid serviceId, bool deleteVolume, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<bool>.NotFound("This database does not exist any more.");
        }

        var deleted = await services.DeleteAsync(serviceId, actor, cancellationToken);
        if (!deleted.Succeeded)
        {
            return deleted;
        }

        await files.RemoveUnusedAsync(serviceId, [], cancellationToken);
        if (service.Database?.ExternalPort is not null)
        {
            await firewall.ReconcileAsync(null, cancellationToken);
        }

        if (deleteVolume)
        {
            var settings = service.Database!;
            foreach (var volume in new[] { settings.VolumeName, settings.PreviousVolume?.VolumeName }.OfType<string>())
            {
                await volumes.RemoveAsync(volume, cancellationToken);
                audit.Add(actor, AuditActions.DatabaseVolumeDeleted, $"{service.Project!.Name}/{service.Name}", volume);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return deleted;
    }
}
