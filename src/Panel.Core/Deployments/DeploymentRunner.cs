using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Runs one queued deployment: image, new Docker service, health gate, traffic switch (awaiting the service's
/// Traefik file, decision 28), drain, removal of the old version. A service that keeps data is replaced stop-first
/// instead (<see cref="StopFirstSwitch"/>). Safe to run twice: only a queued deployment starts. Whatever fails, the
/// version that was live stays live and nothing of the new one is left running.
/// </summary>
public sealed partial class DeploymentRunner(
    IPanelDbContext db,
    ISwarmOperations swarm,
    ImagePreparation preparation,
    RegistryPush registryPush,
    IImageInspection images,
    HealthGate healthGate,
    Cluster.PlacementCheck placement,
    StopFirstSwitch stopFirst,
    DeploymentFailure failure,
    ReleaseCommand release,
    DeploymentSecretsReader secretsReader,
    DeploymentCoordinator coordinator,
    DatabaseDeployer databases,
    Compose.StackDeployer stacks,
    RoutingReconciler routes,
    DeploymentEvents events,
    DeploymentLiveLogs liveLogs,
    DataDirectory data,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    ILogger<DeploymentRunner> logger)
{
    /// <summary>
    /// The registry this runner's deployment pushed its image to and every node pulls it from (decision 063); null when
    /// the image stays on this server (no registry, or a public image source).
    /// </summary>
    private Registry.RegistryTarget? registry;

    public async Task RunAsync(Guid deploymentId, CancellationToken stopping)
    {
        var queued = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deploymentId, stopping);
        if (queued is null || queued.Status != DeploymentStatus.Queued)
        {
            return;
        }

        if (!coordinator.IsServiceFree(queued.ServiceId))
        {
            await PublishWaitingAsync(queued, stopping);
        }

        using var serviceLock = await coordinator.LockServiceAsync(queued.ServiceId, stopping);
        var now = clock.GetUtcNow();
        var claimed = await db.Deployments
            .Where(d => d.Id == deploymentId && d.Status == DeploymentStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeploymentStatus.Running).SetProperty(d => d.StartedAt, now), stopping);
        if (claimed == 0)
        {
            return;
        }

        var deployment = await db.Deployments.FirstAsync(d => d.Id == deploymentId, stopping);
        using var cancellation = coordinator.Track(deploymentId, stopping);
        using var log = new DeploymentLog(deploymentId, data.DeploymentLog(deploymentId), liveLogs, clock,
            options.Value.LogMaxBytes, options.Value.LogMaxLineLength);
        try
        {
            await RunTrackedAsync(deployment, log, cancellation.Token);
        }
        finally
        {
            coordinator.Untrack(deploymentId);
        }
    }

    private async Task RunTrackedAsync(Deployment deployment, DeploymentLog log, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project).FirstAsync(s => s.Id == deployment.ServiceId, cancellationToken);
        if (service.Kind == ServiceKind.Database)
        {
            await databases.RunAsync(deployment, service, log, cancellationToken);
            return;
        }

        if (service.Kind == ServiceKind.Compose)
        {
            await stacks.RunAsync(deployment, service, log, cancellationToken);
            return;
        }

        var app = service.Application ?? throw new InvalidOperationException("Only application services are deployed this way.");
        deployment.EngineServiceName = EngineNames.ServiceName(service.Project!.Name, service.Name, deployment.Id);
        if (service.LiveDeploymentId is null)
        {
            service.Status = ServiceStatus.Deploying;
        }

        await StepAsync(deployment, DeploymentSteps.Queued, CancellationToken.None);
        LogStarted(deployment.Id, service.Name);
        DeploymentSecrets? secrets = null;
        Deployment? stopped = null;
        string? portMismatch = null;
        try
        {
            secrets = await secretsReader.ReadAsync(service, cancellationToken);
            log.Masker = new SecretMasker(secrets.All);
            log.Line($"Deployment {deployment.Id} of {service.Project.Name}/{service.Name} ({deployment.Trigger})");
            await swarm.EnsureReadyAsync(cancellationToken);
            await placement.EnsurePlaceableAsync(app, log, cancellationToken);
            if (deployment.RollbackOfId is not null)
            {
                log.Line($"Rolling back to the image of deployment {deployment.RollbackOfId}: {deployment.ImageTag} (no build).");
            }
            else
            {
                var commit = await preparation.PrepareAsync(deployment, app, secrets,
                    step => StepAsync(deployment, step, cancellationToken), log, cancellationToken);
                deployment.CommitHash = commit?.Hash;
                deployment.CommitMessage = commit?.Message is { Length: > 1024 } m ? m[..1024] : commit?.Message;
            }

            // Before anything is started or stopped: when the push fails, the live version was never touched.
            await PushAsync(deployment, app, secrets, log, cancellationToken);

            portMismatch = await ExposedPortCheck.WarnAsync(images, deployment.ImageTag!, app.Port, log, cancellationToken);
            await RunReleaseAsync(deployment, service, secrets, log, cancellationToken);
            if (StopFirstSwitch.IsStateful(app) && await LiveAsync(service, cancellationToken) is { EngineServiceName: { } liveName } live)
            {
                await StepAsync(deployment, DeploymentSteps.StoppingPrevious, cancellationToken);
                stopped = live;
                await stopFirst.StopLiveAsync(liveName, app, log, cancellationToken);
            }

            await StepAsync(deployment, DeploymentSteps.Starting, cancellationToken);
            await swarm.CreateServiceAsync(Spec(service, deployment, secrets), cancellationToken);
            log.Line($"Started Docker service {deployment.EngineServiceName} ({app.Replicas} replica(s)).");
            await StepAsync(deployment, DeploymentSteps.HealthCheck, cancellationToken);
            await healthGate.WaitHealthyAsync(deployment.EngineServiceName!, app, log, cancellationToken);
            await placement.RememberVolumeNodeAsync(deployment.EngineServiceName!, app, log, cancellationToken);
        }
        catch (Exception e)
        {
            // Whatever went wrong, the deployment ends as failed and the new version is removed.
            if (!DeploymentFailure.IsExpected(e))
            {
                LogUnexpected(e, deployment.Id);
            }

            await FailAsync(deployment, service, log, e, StoppedPrevious(service, stopped, secrets),
                e is HealthCheckFailedException ? portMismatch : null);
            return;
        }

        await SwitchAsync(deployment, service, log, StoppedPrevious(service, stopped, secrets));
    }

    /// <summary>
    /// Puts the image in the registry when one is set up (a rollback's image again: its layers are there already, so
    /// only the tag is checked), and remembers it so that the services run the registry's reference with its login.
    /// </summary>
    private async Task PushAsync(Deployment deployment, ApplicationSettings app, DeploymentSecrets secrets, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        if (await registryPush.TargetAsync(cancellationToken) is not { } target || !RegistryPush.Pushes(app, target))
        {
            return;
        }

        log.Masker = new SecretMasker(secrets.All.Append(target.Password));
        await StepAsync(deployment, DeploymentSteps.Pushing, cancellationToken);
        await registryPush.PushAsync(deployment.ImageTag!, target, log, cancellationToken);
        registry = target;
    }

    /// <summary>
    /// A stateful service's previous version that was stopped for this one, as it is started again when this one
    /// fails: from its own image, stopped if it was.
    /// </summary>
    private EngineServiceSpec? StoppedPrevious(Service service, Deployment? stopped, DeploymentSecrets? secrets) =>
        stopped is null ? null : Spec(service, stopped, secrets!) with { Replicas = service.Stopped ? 0 : service.Application!.Replicas };

    private async Task<Deployment?> LiveAsync(Service service, CancellationToken cancellationToken) =>
        service.LiveDeploymentId is { } liveId
            ? await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == liveId, cancellationToken)
            : null;

    private async Task SwitchAsync(Deployment deployment, Service service, DeploymentLog log, EngineServiceSpec? stoppedPrevious)
    {
        // From here on the new version is healthy: finish even if a cancel arrives, so nothing is half-switched.
        var previous = stoppedPrevious is not null ? null : await LiveAsync(service, CancellationToken.None);
        var before = (service.LiveDeploymentId, service.Status, service.Stopped);
        service.LiveDeploymentId = deployment.Id;
        service.Status = ServiceStatus.Running;
        service.Stopped = false;
        service.UpdatedAt = clock.GetUtcNow();
        await StepAsync(deployment, DeploymentSteps.SwitchingTraffic, CancellationToken.None);

        // The previous version goes only once Traefik's file sends traffic to this one.
        if (await WriteRouteAsync(deployment, service, hasPrevious: before.LiveDeploymentId is not null) is { } refused)
        {
            (service.LiveDeploymentId, service.Status, service.Stopped) = before;
            await db.SaveChangesAsync(CancellationToken.None);
            await RestoreRouteAsync(service.Id);
            await FailAsync(deployment, service, log, refused, stoppedPrevious);
            return;
        }

        events.Publish(new DeploymentChanged(deployment.Id, service.Id, deployment.Status, deployment.Step, LiveChanged: true));
        log.Line($"Traffic now goes to {deployment.EngineServiceName}.");

        if (previous?.EngineServiceName is { } oldName && oldName != deployment.EngineServiceName)
        {
            await StepAsync(deployment, DeploymentSteps.Draining, CancellationToken.None);
            log.Line($"Draining {oldName} for {options.Value.DrainSeconds} s, then stopping it.");
            await Task.Delay(TimeSpan.FromSeconds(options.Value.DrainSeconds), clock);
            await swarm.RemoveServiceAsync(oldName, CancellationToken.None);
        }

        await RunPostDeployAsync(deployment, service, log);
        deployment.Status = DeploymentStatus.Succeeded;
        deployment.FinishedAt = clock.GetUtcNow();
        log.Line($"Deployed in {(deployment.FinishedAt - deployment.StartedAt)?.TotalSeconds:0.0} s.");
        await StepAsync(deployment, DeploymentSteps.Done, CancellationToken.None);
        LogFinished(deployment.Id, deployment.Status);
    }

    /// <summary>
    /// The release command (decision 042): once, from the new image, before anything of the new version starts (and
    /// before a stateful live version stops). Not on a rollback: that image's release already ran when it was deployed.
    /// </summary>
    private async Task RunReleaseAsync(Deployment deployment, Service service, DeploymentSecrets secrets, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var app = service.Application!;
        if (string.IsNullOrWhiteSpace(app.ReleaseCommand) || deployment.RollbackOfId is not null)
        {
            return;
        }

        await StepAsync(deployment, DeploymentSteps.Release, cancellationToken);
        await release.RunAsync(ReleaseCommand.Spec(Spec(service, deployment, secrets), app.ReleaseCommand, "release"),
            "release command", TimeSpan.FromSeconds(app.ReleaseTimeoutSeconds), log, cancellationToken);
    }

    /// <summary>The post-deploy command, after the switch: a failure is a warning on the deployment, nothing is rolled back.</summary>
    private async Task RunPostDeployAsync(Deployment deployment, Service service, DeploymentLog log)
    {
        var app = service.Application!;
        if (string.IsNullOrWhiteSpace(app.PostDeployCommand) || deployment.RollbackOfId is not null)
        {
            return;
        }

        await StepAsync(deployment, DeploymentSteps.PostDeploy, CancellationToken.None);
        try
        {
            var secrets = await secretsReader.ReadAsync(service, CancellationToken.None);
            await release.RunAsync(ReleaseCommand.Spec(Spec(service, deployment, secrets), app.PostDeployCommand, "post-deploy"),
                "post-deploy command", TimeSpan.FromSeconds(app.ReleaseTimeoutSeconds), log, CancellationToken.None);
        }
        catch (Exception e)
        {
            if (e is not ReleaseFailedException)
            {
                LogUnexpected(e, deployment.Id);
            }

            ReleaseCommand.RecordPostDeployFailure(deployment, e, log);
        }
    }

    private async Task FailAsync(Deployment deployment, Service service, DeploymentLog log, Exception error, EngineServiceSpec? stoppedPrevious,
        string? portMismatch = null)
    {
        await failure.EndAsync(deployment, service, log, error, stoppedPrevious, portMismatch);

        // The step stays where it stopped, so the page can show where it failed.
        await StepAsync(deployment, deployment.Step, CancellationToken.None);
        LogFinished(deployment.Id, deployment.Status);
    }

    /// <summary>Writes the service's Traefik file for the version just marked live; the reason when it could not be.</summary>
    private async Task<RouteNotWrittenException?> WriteRouteAsync(Deployment deployment, Service service, bool hasPrevious)
    {
        var outcome = hasPrevious ? "the previous version keeps serving" : "nothing was switched";
        try
        {
            var result = await routes.ReconcileServiceAsync(service.Id, CancellationToken.None);
            return result.Written ? null
                : new RouteNotWrittenException($"The route file {result.Path} could not be written ({result.Error}); {outcome}.");
        }
        catch (Exception e)
        {
            LogRouteFailed(e, deployment.Id);
            return new RouteNotWrittenException($"The routes could not be written ({e.Message}); {outcome}.");
        }
    }

    /// <summary>
    /// After a refused route: the files follow the previous live version again, in case another reconciliation wrote
    /// the new one meanwhile. Best effort: the file that was refused is left as it was anyway.
    /// </summary>
    private async Task RestoreRouteAsync(Guid serviceId)
    {
        try
        {
            await routes.ReconcileAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogRouteRestoreFailed(e, serviceId);
        }
    }

    private async Task PublishWaitingAsync(Deployment queued, CancellationToken cancellationToken)
    {
        await db.Deployments.Where(d => d.Id == queued.Id && d.Status == DeploymentStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Step, DeploymentSteps.WaitingForService), cancellationToken);
        events.Publish(new DeploymentChanged(queued.Id, queued.ServiceId, DeploymentStatus.Queued, DeploymentSteps.WaitingForService, false));
    }

    /// <summary>What Docker runs for <paramref name="deployment"/>: from the registry, with its login, when the image was pushed.</summary>
    private EngineServiceSpec Spec(Service service, Deployment deployment, DeploymentSecrets secrets)
    {
        var spec = ApplicationSpec.For(service, deployment, secrets);
        return registry is null ? spec
            : spec with { Image = registry.ImageFor(deployment.ImageTag!), RegistryAuth = RegistryPush.Login(registry) };
    }

    private async Task StepAsync(Deployment deployment, string? step, CancellationToken cancellationToken)
    {
        deployment.Step = step;
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new DeploymentChanged(deployment.Id, deployment.ServiceId, deployment.Status, step, LiveChanged: false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} of service {ServiceName} started")]
    private partial void LogStarted(Guid deploymentId, string serviceName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {DeploymentId} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, Guid deploymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The routes of deployment {DeploymentId} could not be written")]
    private partial void LogRouteFailed(Exception exception, Guid deploymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The routes of service {ServiceId} could not be brought back to its previous version")]
    private partial void LogRouteRestoreFailed(Exception exception, Guid serviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} ended: {Status}")]
    private partial void LogFinished(Guid deploymentId, DeploymentStatus status);
}
