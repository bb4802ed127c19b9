using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Registry;
using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Compose;

/// <summary>A compose file the panel refuses to deploy: every problem, with its line.</summary>
public sealed class ComposeRefusedException(IReadOnlyList<ComposeProblem> problems)
    : Exception($"The compose file has {problems.Count} problem(s): {string.Join("; ", problems.Select(p => p.ToString().TrimEnd('.')))}. Correct the file, then deploy again.");

/// <summary>
/// Deploys a compose service as a Swarm stack (decision 037): reads and checks the file, builds its <c>build:</c>
/// services, creates the configs and secrets it mounts, then <c>docker stack deploy</c>, in start groups on a first
/// start (Swarm ignores <c>depends_on</c>) and in one pruning deploy later, and waits until every service has converged.
/// Nothing runs before the file is valid and every image is built. A failed first start removes the stack's services
/// (never its volumes); a failed later one leaves Swarm's rollback of the failing services, the others keep serving.
/// </summary>
public sealed partial class StackDeployer(
    IPanelDbContext db,
    ISwarmOperations swarm,
    IStackOperations stacks,
    ISwarmFiles files,
    INetworkOperations networks,
    INetworkSettings networkSettings,
    ComposeSources sources,
    StackBuilds builds,
    StackObjects objects,
    StackRollout rollout,
    StackRelease release,
    RoutingReconciler routes,
    Cluster.PlacementCheck placement,
    RegistryPush registryPush,
    DeploymentEvents events,
    DataDirectory data,
    IOptions<DockerOptions> docker,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    ILogger<StackDeployer> logger)
{
    /// <summary>A stack file to deploy, and on a first start the cumulative files of its start groups.</summary>
    /// <param name="File">The whole stack file.</param>
    /// <param name="Services">Its compose services.</param>
    /// <param name="Groups">For a first start: each start group with the stack file of every service started so far.</param>
    /// <param name="Routed">The compose services on the project network (those with a domain), comma-separated.</param>
    private sealed record StackPlan(string File, IReadOnlyList<string> Services, IReadOnlyList<(IReadOnlyList<string> Services, string File)> Groups,
        string? Routed)
    {
        /// <summary>The release service's new spec when a release or post-deploy command is set (never on a rollback).</summary>
        public StackReleaseRun? Release { get; init; }

        /// <summary>How many of <see cref="Groups"/> a first start runs before the release command (decision 044).</summary>
        public int BeforeRelease { get; init; }
    }

    public async Task RunAsync(Deployment deployment, Service service, DeploymentLog log, CancellationToken cancellationToken)
    {
        var settings = service.Compose ?? throw new InvalidOperationException("Only compose services are deployed as stacks.");
        var stack = settings.StackName;
        deployment.EngineServiceName = stack;
        deployment.ImageTag = null;
        if (service.LiveDeploymentId is null)
        {
            service.Status = ServiceStatus.Deploying;
        }

        await StepAsync(deployment, DeploymentSteps.Queued, CancellationToken.None);
        LogStarted(deployment.Id, service.Name);
        var workspace = data.Build(deployment.Id);
        var sent = false;
        var firstStart = false;
        StackPlan plan;
        try
        {
            var secrets = sources.Secrets(settings);
            log.Masker = new SecretMasker(secrets.All);
            log.Line($"Deployment {deployment.Id} of {service.Project!.Name}/{service.Name} ({deployment.Trigger}) as the stack {stack}");
            await swarm.EnsureReadyAsync(cancellationToken);
            var network = await networks.EnsureProjectNetworkAsync(service.ProjectId,
                await networkSettings.EncryptNetworksAsync(cancellationToken), cancellationToken);
            // Read once: for the registry in use, this also has new servers trust it (a job on the swarm).
            var registryTarget = await registryPush.TargetAsync(cancellationToken);
            plan = deployment.RollbackOfId is { } targetId
                ? await RollbackPlanAsync(targetId, log, cancellationToken)
                : await PrepareAsync(deployment, service, secrets, network, workspace, registryTarget, log, cancellationToken);
            plan = PinVolumes(plan, settings);
            var registry = RegistryLoginFor(plan.File, registryTarget);

            firstStart = (await stacks.ListAsync(stack, cancellationToken)).Count == 0;
            var timeout = TimeSpan.FromSeconds(options.Value.StartTimeoutSeconds);
            var started = 0;
            if (plan.Release is { } run && settings.ReleaseCommand is { } command)
            {
                // Before anything of the new version runs; on a first start after what it needs (its database).
                for (; firstStart && started < plan.BeforeRelease; started++)
                {
                    await StepAsync(deployment, DeploymentSteps.Starting, cancellationToken);
                    sent = true;
                    await StartGroupAsync(deployment, plan, started, secrets, registry, timeout, log, cancellationToken);
                }

                await StepAsync(deployment, DeploymentSteps.Release, cancellationToken);
                await release.RunAsync(service, deployment, run, command, "release", log, cancellationToken);
            }

            await StepAsync(deployment, DeploymentSteps.Starting, cancellationToken);
            sent = true;
            if (firstStart && plan.Groups.Count > 1)
            {
                // Swarm starts every service at once: those that wait for a healthy dependency start after it.
                for (; started < plan.Groups.Count; started++)
                {
                    await StartGroupAsync(deployment, plan, started, secrets, registry, timeout, log, cancellationToken);
                }
            }
            else
            {
                log.Line(firstStart ? $"Creating the stack {stack}." : $"Updating the stack {stack} (services no longer in the file are removed).");
                await stacks.DeployAsync(stack, plan.File, secrets.Environment, prune: !firstStart, log.Line, cancellationToken, registry);
            }

            await StepAsync(deployment, DeploymentSteps.HealthCheck, cancellationToken);
            await rollout.WaitAsync(stack, plan.Services, timeout, log, cancellationToken);
            await RememberVolumeNodesAsync(settings, plan.File, log, cancellationToken);
            deployment.StackFile = plan.File;
            deployment.RoutedComposeServices = plan.Routed;
        }
        catch (Exception e)
        {
            if (e is not (OperationCanceledException or BuildFailedException or EngineException or ComposeRefusedException
                or StackRolloutException or ReleaseFailedException))
            {
                LogUnexpected(e, deployment.Id);
            }

            await FailAsync(deployment, service, log, e, sent, firstStart);
            return;
        }
        finally
        {
            ImagePreparation.TryDelete(workspace);
        }

        await SucceedAsync(deployment, service, plan, log);
    }

    private async Task StartGroupAsync(Deployment deployment, StackPlan plan, int index, ComposeSecrets secrets, RegistryLogin? registry,
        TimeSpan timeout, DeploymentLog log, CancellationToken cancellationToken)
    {
        var (names, file) = plan.Groups[index];
        log.Line($"First start, group {index + 1} of {plan.Groups.Count}: {string.Join(", ", names)}");
        await stacks.DeployAsync(deployment.EngineServiceName!, file, secrets.Environment, prune: false, log.Line, cancellationToken, registry);
        await StepAsync(deployment, DeploymentSteps.HealthCheck, cancellationToken);
        await rollout.WaitAsync(deployment.EngineServiceName!, names, timeout, log, cancellationToken);
    }

    private async Task<StackPlan> RollbackPlanAsync(Guid targetId, DeploymentLog log, CancellationToken cancellationToken)
    {
        var target = await db.Deployments.AsNoTracking().Where(d => d.Id == targetId)
            .Select(d => new { d.StackFile, d.RoutedComposeServices }).FirstOrDefaultAsync(cancellationToken);
        var file = target?.StackFile ?? throw new BuildFailedException("The deployment rolled back to has no stack file. Deploy again instead.");
        log.Line($"Rolling back to the stack file of deployment {targetId} (no clone, no build).");
        return new StackPlan(file, StackFileText.ServiceNames(file), [], target.RoutedComposeServices);
    }

    private async Task<StackPlan> PrepareAsync(Deployment deployment, Service service, ComposeSecrets secrets, string network,
        string workspace, RegistryTarget? registryTarget, DeploymentLog log, CancellationToken cancellationToken)
    {
        var source = await sources.ReadAsync(service, secrets, workspace, log.Line,
            () => StepAsync(deployment, DeploymentSteps.Cloning, cancellationToken), cancellationToken);
        deployment.CommitHash = source.Commit?.Hash;
        deployment.CommitMessage = source.Commit?.Message is { Length: > 1024 } m ? m[..1024] : source.Commit?.Message;

        var check = ComposeDocument.Read(source.Text, source.Options);
        foreach (var warning in check.Warnings)
        {
            log.Line($"Warning: {warning}");
        }

        if (!check.Succeeded)
        {
            foreach (var error in check.Errors)
            {
                log.Line($"Error: {error}");
            }

            throw new ComposeRefusedException(check.Errors.Count > 0 ? check.Errors : [new ComposeProblem("The file could not be read.")]);
        }

        var plan = check.Plan!;
        var settings = service.Compose!;
        var releaseService = settings.ReleaseCommand is null && settings.PostDeployCommand is null ? null : settings.ReleaseService;
        if (releaseService is not null && ComposeCatalogRules.CheckReleaseService(settings, plan) is { } missing)
        {
            throw new ComposeRefusedException([new ComposeProblem(missing)]);
        }

        var images = await builds.BuildAsync(deployment, plan, source, step => StepAsync(deployment, step, cancellationToken), log,
            cancellationToken);
        images = await PushAsync(deployment, images, registryTarget, secrets, log, cancellationToken);
        var names = await objects.EnsureAsync(service.Id, service.Compose!.StackName, plan, source, secrets.Environment, cancellationToken);
        var routed = await db.Domains.AsNoTracking().Where(d => d.ServiceId == service.Id && d.ComposeService != null)
            .Select(d => d.ComposeService!).Distinct().ToListAsync(cancellationToken);
        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Project] = service.ProjectId.ToString(),
            [EngineLabels.Service] = service.Id.ToString(),
        };
        var stackOptions = new StackFileOptions(images, routed.ToHashSet(StringComparer.Ordinal), network, names.Configs, names.Secrets, labels,
            EndpointMode: docker.Value.EndpointMode);
        var groups = new List<(IReadOnlyList<string>, string)>();
        var started = new HashSet<string>(StringComparer.Ordinal);
        var beforeRelease = releaseService is not null && settings.ReleaseCommand is not null
            ? plan.BeforeRelease(releaseService)
            : new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in plan.StartGroups(beforeRelease))
        {
            started.UnionWith(group);
            groups.Add((group, check.Document!.WriteStackFile(stackOptions with { Only = started.ToHashSet(StringComparer.Ordinal) })));
        }

        return new StackPlan(check.Document!.WriteStackFile(stackOptions), plan.Services.Select(s => s.Name).ToList(), groups,
            routed.Count == 0 ? null : string.Join(',', routed.Order(StringComparer.Ordinal)))
        {
            Release = releaseService is null ? null
                : new StackReleaseRun(check.Document!.RunOf(releaseService, settings.StackName, stackOptions, secrets.Environment), names.Ids),
            BeforeRelease = groups.Count(g => g.Item1.All(beforeRelease.Contains)),
        };
    }

    private async Task SucceedAsync(Deployment deployment, Service service, StackPlan plan, DeploymentLog log)
    {
        // The stack runs the new version: finish even if a cancel arrives now.
        service.LiveDeploymentId = deployment.Id;
        service.Status = ServiceStatus.Running;
        service.Stopped = false;
        service.UpdatedAt = clock.GetUtcNow();
        await StepAsync(deployment, DeploymentSteps.SwitchingTraffic, CancellationToken.None);
        await WriteRoutesAsync(service, log);
        await RemoveUnusedObjectsAsync(service, deployment.StackFile!);
        await RunPostDeployAsync(deployment, service, plan, log);

        deployment.Status = DeploymentStatus.Succeeded;
        deployment.FinishedAt = clock.GetUtcNow();
        log.Line($"Deployed in {(deployment.FinishedAt - deployment.StartedAt)?.TotalSeconds:0.0} s.");
        deployment.Step = DeploymentSteps.Done;
        await db.SaveChangesAsync(CancellationToken.None);
        events.Publish(new DeploymentChanged(deployment.Id, service.Id, deployment.Status, deployment.Step, LiveChanged: true));
        LogFinished(deployment.Id, deployment.Status);
    }

    /// <summary>
    /// The stack's services already run the new version, so a route file that cannot be written cannot hold back a
    /// switch: the log says which file and why, and the next reconciliation retries it.
    /// </summary>
    private async Task WriteRoutesAsync(Service service, DeploymentLog log)
    {
        try
        {
            var result = await routes.ReconcileServiceAsync(service.Id, CancellationToken.None);
            if (!result.Written)
            {
                log.Line($"Warning: the route file {result.Path} could not be written ({result.Error}); the domains keep their previous routes until it is.");
            }
        }
        catch (Exception e)
        {
            LogRouteFailed(e, service.Id);
            log.Line($"Warning: the routes could not be written ({e.Message}); the domains keep their previous routes until they are.");
        }
    }

    /// <summary>The post-deploy command, once the stack converged: a failure is a warning on the deployment, nothing is rolled back.</summary>
    private async Task RunPostDeployAsync(Deployment deployment, Service service, StackPlan plan, DeploymentLog log)
    {
        if (plan.Release is not { } run || service.Compose!.PostDeployCommand is not { } command)
        {
            return;
        }

        await StepAsync(deployment, DeploymentSteps.PostDeploy, CancellationToken.None);
        try
        {
            await release.RunAsync(service, deployment, run, command, "post-deploy", log, CancellationToken.None);
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

    /// <summary>Configs and secrets no longer used by this stack file nor by the ones a rollback may return to.</summary>
    private async Task RemoveUnusedObjectsAsync(Service service, string stackFile)
    {
        var stack = service.Compose!.StackName;
        var kept = await db.Deployments.AsNoTracking()
            .Where(d => d.ServiceId == service.Id && d.Status == DeploymentStatus.Succeeded && d.StackFile != null)
            .OrderByDescending(d => d.FinishedAt).Take(options.Value.KeepImages).Select(d => d.StackFile!).ToListAsync(CancellationToken.None);
        var keep = kept.Append(stackFile).SelectMany(f => StackObjects.NamesIn(stack, f)).ToHashSet(StringComparer.Ordinal);
        try
        {
            await files.RemoveUnusedAsync(service.Id, keep, CancellationToken.None);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e))
        {
            LogCleanupFailed(e, service.Id);
        }
    }

    private async Task FailAsync(Deployment deployment, Service service, DeploymentLog log, Exception error, bool sent, bool firstStart)
    {
        var cancelled = error is OperationCanceledException;
        var reason = cancelled ? "The deployment was cancelled." : log.Masker.Mask(error.Message);
        string message;
        if (sent && firstStart)
        {
            message = $"{reason} This was the stack's first start: its services were removed (its volumes are kept). Fix the cause and deploy again.";
        }
        else if (sent)
        {
            message = cancelled
                ? $"{reason} Docker had received the stack already: Swarm finishes or rolls back the update of each service."
                : $"{reason} Swarm put a failing service back on its previous version; the other services run what this deployment sent.";
        }
        else
        {
            message = cancelled
                ? DeploymentFailureText.Cancelled(service.LiveDeploymentId is null ? DeploymentFailureText.Previous.None : DeploymentFailureText.Previous.Serving)
                : DeploymentFailureText.Failed(reason,
                    service.LiveDeploymentId is null ? DeploymentFailureText.Previous.None : DeploymentFailureText.Previous.Serving, null, false);
        }

        log.Line(cancelled ? "Cancelled." : $"Failed: {message}");
        if (sent && firstStart)
        {
            await RemoveFirstStartAsync(service, log);
        }

        deployment.EndUnsuccessfully(service, message, cancelled, clock.GetUtcNow());

        // The step stays where it stopped, so the page can show where it failed.
        await db.SaveChangesAsync(CancellationToken.None);
        events.Publish(new DeploymentChanged(deployment.Id, service.Id, deployment.Status, deployment.Step, LiveChanged: false));
        LogFinished(deployment.Id, deployment.Status);
    }

    private async Task RemoveFirstStartAsync(Service service, DeploymentLog log)
    {
        try
        {
            await stacks.RemoveAsync(service.Compose!.StackName, CancellationToken.None);
            await files.RemoveUnusedAsync(service.Id, [], CancellationToken.None);
            log.Line($"Removed the services of the stack {service.Compose.StackName}; its volumes are kept.");
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e) || e is EngineException)
        {
            log.Line($"The stack's services could not all be removed ({e.Message}); the next deployment replaces them.");
        }
    }

    private async Task StepAsync(Deployment deployment, string step, CancellationToken cancellationToken)
    {
        deployment.Step = step;
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new DeploymentChanged(deployment.Id, deployment.ServiceId, deployment.Status, step, LiveChanged: false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} of compose service {ServiceName} started")]
    private partial void LogStarted(Guid deploymentId, string serviceName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {DeploymentId} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, Guid deploymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The routes of compose service {ServiceId} could not be written")]
    private partial void LogRouteFailed(Exception exception, Guid serviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unused configs and secrets of compose service {ServiceId} could not be removed")]
    private partial void LogCleanupFailed(Exception exception, Guid serviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} ended: {Status}")]
    private partial void LogFinished(Guid deploymentId, DeploymentStatus status);
}
