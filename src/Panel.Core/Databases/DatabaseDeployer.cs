using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Databases;

/// <summary>
/// Deploys a database: one Swarm service that keeps its name, replaced stop-first so two servers never share the
/// volume. A first start that fails removes everything it made (its volume too, when the panel created it); a
/// later change that fails is rolled back by Docker to the settings that ran before.
/// </summary>
public sealed partial class DatabaseDeployer(
    IPanelDbContext db,
    ISwarmOperations swarm,
    ISwarmFiles files,
    IVolumeOperations volumes,
    DatabaseStartWatch startWatch,
    DatabaseUpgrader upgrader,
    DatabaseFirewall firewall,
    ISecretProtector protector,
    DeploymentEvents events,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    ILogger<DatabaseDeployer> logger)
{
    public async Task RunAsync(Deployment deployment, Service service, DeploymentLog log, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var profile = DatabaseEngines.Of(settings.Engine);
        var engineName = EngineNames.StableServiceName(service.Project!.Name, service.Name, service.Id);
        var password = protector.Unprotect(settings.PasswordEncrypted);
        var rootPassword = settings.RootPasswordEncrypted is { } root ? protector.Unprotect(root) : null;
        log.Masker = new SecretMasker([password, rootPassword]);
        deployment.EngineServiceName = engineName;
        deployment.ImageTag = settings.Image;
        if (service.LiveDeploymentId is null)
        {
            service.Status = ServiceStatus.Deploying;
        }

        await StepAsync(deployment, DeploymentSteps.Queued, CancellationToken.None);
        log.Line($"Deployment {deployment.Id} of {profile.DisplayName} {settings.Version} {service.Project.Name}/{service.Name} ({settings.Image})");
        var firstStart = !settings.Initialised;
        var created = false;
        var updated = false;
        RetainedVolume? replaced = null;
        try
        {
            await swarm.EnsureReadyAsync(cancellationToken);
            if (settings.Upgrade is { } upgrade)
            {
                var upgraded = await upgrader.PrepareAsync(service, engineName, password, upgrade, log,
                    step => StepAsync(deployment, step, cancellationToken), cancellationToken);
                replaced = SwitchVolume(settings, upgrade, upgraded);
                deployment.ImageTag = settings.Image;
                await StepAsync(deployment, DeploymentSteps.Starting, cancellationToken);
            }

            created = await PrepareVolumeAsync(service, engineName, log, cancellationToken);
            if (settings.ExternalPort is { } port)
            {
                await firewall.ReconcileAsync(service, cancellationToken);
                log.Line(settings.AllowedSources.Count == 0
                    ? $"Port {port} of the host reaches the database from any address."
                    : $"Port {port} of the host reaches the database from {string.Join(", ", settings.AllowedSources)} only.");
            }

            var spec = DatabaseSpecs.Build(service, engineName, password, rootPassword);
            var ids = new Dictionary<string, string>();
            foreach (var file in spec.Files)
            {
                ids[file.Name] = await files.EnsureAsync(file.Name, file.Content, file.IsSecret, service.Id, cancellationToken);
            }

            var serviceSpec = spec.Service with { Files = spec.Service.Files.Select(f => f with { Id = ids[f.Name] }).ToList() };
            if (settings.NodeId is null && await swarm.LocalNodeIdAsync(cancellationToken) is { } panelNode)
            {
                // The first start runs where the panel's engine is: its volume is prepared there, and backups, upgrades and
                // password changes reach the server inside it there (decision 067). The pin keeps it there afterwards.
                serviceSpec = serviceSpec with { Constraints = [Cluster.ServicePlacement.PinTo(panelNode)] };
            }

            await StepAsync(deployment, DeploymentSteps.Starting, cancellationToken);
            var before = await swarm.InspectRolloutAsync(engineName, cancellationToken);
            var tasksBefore = before is null ? [] : (await swarm.ListReplicasAsync(engineName, cancellationToken)).Select(r => r.TaskId).ToList();
            if (before is null)
            {
                await swarm.CreateServiceAsync(serviceSpec, cancellationToken);
                log.Line($"Created Docker service {engineName} on volume {settings.VolumeName}.");
            }
            else
            {
                log.Line($"Replacing {engineName} stop-first: the running server stops (up to {settings.StopGracePeriodSeconds} s), then the new one starts on volume {settings.VolumeName}.");
                updated = true;
                await swarm.UpdateServiceAsync(serviceSpec, cancellationToken);
            }

            await StepAsync(deployment, DeploymentSteps.HealthCheck, cancellationToken);
            var timeout = TimeSpan.FromSeconds(Math.Max(options.Value.StartTimeoutSeconds, firstStart ? 300 : 0));
            var started = await startWatch.WaitAsync(engineName, tasksBefore, timeout, log, cancellationToken);
            settings.NodeId ??= started.NodeId;
            settings.Initialised = true;
            await files.RemoveUnusedAsync(service.Id, spec.Files.Select(f => f.Name).ToList(), CancellationToken.None);
        }
        catch (Exception e)
        {
            if (e is not (OperationCanceledException or DatabaseStartException or EngineException))
            {
                LogUnexpected(e, deployment.Id);
            }

            settings.Upgrade = null;
            if (replaced is not null)
            {
                RestoreVolume(settings, replaced);
            }

            await FailAsync(deployment, service, engineName, firstStart && replaced is null, created, updated, log, e);
            if (replaced is not null && updated)
            {
                await upgrader.MakeWritableAfterRollbackAsync(engineName, settings, log);
            }

            return;
        }

        service.LiveDeploymentId = deployment.Id;
        service.Status = service.Stopped ? ServiceStatus.Stopped : ServiceStatus.Running;
        service.UpdatedAt = clock.GetUtcNow();
        deployment.Status = DeploymentStatus.Succeeded;
        deployment.FinishedAt = clock.GetUtcNow();
        log.Line($"{profile.DisplayName} is ready at {engineName}:{profile.Port} ({(deployment.FinishedAt - deployment.StartedAt)?.TotalSeconds:0.0} s).");
        deployment.Step = DeploymentSteps.Done;
        await db.SaveChangesAsync(CancellationToken.None);
        events.Publish(new DeploymentChanged(deployment.Id, service.Id, deployment.Status, deployment.Step, LiveChanged: true));
    }

    /// <summary>Creates the volume when missing; refuses one that another service's containers use. True when it was created now.</summary>
    private async Task<bool> PrepareVolumeAsync(Service service, string engineName, DeploymentLog log, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var volume = await volumes.InspectAsync(settings.VolumeName, cancellationToken);
        if (volume is null)
        {
            await volumes.CreateAsync(settings.VolumeName, service.Id, cancellationToken);
            if (!settings.Initialised)
            {
                settings.VolumeCreatedByPanel = true;
            }

            log.Line($"Created volume {settings.VolumeName}.");
            return true;
        }

        var others = volume.UsedBy.Where(u => u != engineName).ToList();
        if (others.Count > 0)
        {
            throw new DatabaseStartException(
                $"The volume {settings.VolumeName} is in use by {string.Join(", ", others)}. Two servers must never share a data folder: stop that service or choose another volume.");
        }

        return false;
    }

    private async Task FailAsync(Deployment deployment, Service service, string engineName, bool firstStart, bool createdVolume,
        bool updated, DeploymentLog log, Exception error)
    {
        var cancelled = error is OperationCanceledException;
        var message = log.Masker.Mask(cancelled ? "The deployment was cancelled." : error.Message);
        log.Line(cancelled ? "Cancelled." : $"Failed: {message}");
        if (firstStart)
        {
            await RemoveFirstStartAsync(service, engineName, createdVolume, log);
        }
        else if (updated && await startWatch.RestorePreviousAsync(engineName, log, CancellationToken.None))
        {
            message += " The previous settings run again.";
        }

        deployment.EndUnsuccessfully(service, message, cancelled, clock.GetUtcNow());

        await db.SaveChangesAsync(CancellationToken.None);
        events.Publish(new DeploymentChanged(deployment.Id, service.Id, deployment.Status, deployment.Step, LiveChanged: false));
    }

    /// <summary>
    /// Nothing half-made stays: the service, its secrets and configs, and the volume the panel created for it. A container
    /// that does not go away keeps its volume, and the log says so.
    /// </summary>
    private async Task RemoveFirstStartAsync(Service service, string engineName, bool createdVolume, DeploymentLog log)
    {
        var settings = service.Database!;
        try
        {
            await swarm.RemoveServiceAsync(engineName, CancellationToken.None);
            await swarm.WaitContainersGoneAsync(engineName, TimeSpan.FromSeconds(settings.StopGracePeriodSeconds + 15), CancellationToken.None);
            await files.RemoveUnusedAsync(service.Id, [], CancellationToken.None);
        }
        catch (EngineException e)
        {
            log.Line($"{e.Message} The volume {settings.VolumeName} is kept.");
            return;
        }

        if (createdVolume || settings.VolumeCreatedByPanel)
        {
            await volumes.RemoveAsync(settings.VolumeName, CancellationToken.None);
            log.Line($"Removed the Docker service {engineName} and the volume {settings.VolumeName}; nothing of this first start is left.");
        }
        else
        {
            log.Line($"Removed the Docker service {engineName}; the volume {settings.VolumeName} was there before and is kept.");
        }
    }

    /// <summary>Points the database at the upgraded volume; the old one is kept for a rollback.</summary>
    private RetainedVolume SwitchVolume(DatabaseSettings settings, PendingUpgrade upgrade, UpgradedVolume upgraded)
    {
        var old = new RetainedVolume
        {
            VolumeName = settings.VolumeName, Version = settings.Version, Image = settings.Image, RetainedAt = clock.GetUtcNow(),
        };
        settings.PreviousVolume = old;
        settings.Version = upgrade.Version;
        settings.Image = upgrade.Image;
        settings.VolumeName = upgraded.VolumeName;
        settings.NodeId = upgraded.NodeId ?? settings.NodeId;
        settings.VolumeCreatedByPanel = true;
        return old;
    }

    private static void RestoreVolume(DatabaseSettings settings, RetainedVolume old)
    {
        settings.Version = old.Version;
        settings.Image = old.Image;
        settings.VolumeName = old.VolumeName;
        settings.PreviousVolume = null;
    }

    private async Task StepAsync(Deployment deployment, string step, CancellationToken cancellationToken)
    {
        deployment.Step = step;
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new DeploymentChanged(deployment.Id, deployment.ServiceId, deployment.Status, step, LiveChanged: false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database deployment {DeploymentId} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, Guid deploymentId);
}
