using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceStatus = DropIt.Panel.Core.Projects.ServiceStatus;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// Works out a service's engine state from its running containers and its recent crashes, publishes it when it
/// changed, and moves <see cref="Service.Status"/> between Running and Failed when the service should run.
/// </summary>
public sealed class ServiceStateEvaluator(
    IEngineContainers engine,
    IServiceScopeFactory scopes,
    ServiceStateEvents states,
    ServiceChanges services,
    CrashLoopRule crashes,
    ContainerLifecycle lifecycle,
    TimeProvider clock)
{
    private sealed record ServiceRow(ServiceKind Kind, ServiceStatus Status, bool Stopped, Guid? LiveDeploymentId);

    public async Task EvaluateAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        ServiceRow? service;
        await using (var scope = scopes.CreateAsyncScope())
        {
            service = await scope.ServiceProvider.GetRequiredService<IPanelDbContext>().Services.AsNoTracking()
                .Where(s => s.Id == serviceId)
                .Select(s => new ServiceRow(s.Kind, s.Status, s.Stopped, s.LiveDeploymentId))
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (service is null)
        {
            // Not a service of this panel (another panel on the same engine), or deleted.
            states.Forget(serviceId);
            crashes.Forget(serviceId);
            return;
        }

        var containers = await engine.ListAsync(new EngineContainerFilter([$"{EngineLabels.Service}={serviceId}"], ["running"]),
            cancellationToken);
        var alive = containers.Where(c => !lifecycle.HasExited(c.Id)).ToList();
        var running = alive.Count;
        var unhealthy = alive.Count(c => (lifecycle.Health(c.Id) ?? HealthOf(c.Status)) == "unhealthy");
        var recent = crashes.Recent(serviceId, clock.GetUtcNow(), service.LiveDeploymentId);
        var lastExit = recent.Count > 0 ? recent[^1].ExitCode : null;
        var exitText = lastExit is null ? "" : $" (last exit code {lastExit})";

        var (state, detail) = (service.Stopped, running, unhealthy) switch
        {
            (false, _, _) when recent.Count >= crashes.Threshold =>
                (ServiceEngineState.CrashLoop, $"{recent.Count} crashes in the last {crashes.Window.TotalMinutes:0} minutes{exitText}"),
            (_, 0, _) => (ServiceEngineState.Stopped, $"no container runs{exitText}"),
            (_, _, > 0) => (ServiceEngineState.Unhealthy, $"{unhealthy} of {running} container(s) unhealthy"),
            _ => (ServiceEngineState.Running, $"{running} container(s) running"),
        };

        if (states.Current(serviceId) is not { } previous || previous.State != state || previous.Detail != detail)
        {
            states.Publish(new ServiceStateChanged(serviceId, state, detail));
        }

        if (service.Kind == ServiceKind.Application && !service.Stopped && service.LiveDeploymentId is not null)
        {
            await UpdateStatusAsync(serviceId, service.Status, state, cancellationToken);
        }
    }

    /// <summary>"Up 2 minutes (unhealthy)" → unhealthy.</summary>
    private static string? HealthOf(string? status) =>
        status?.Contains("(unhealthy)", StringComparison.Ordinal) == true ? "unhealthy" : null;

    private async Task UpdateStatusAsync(Guid serviceId, ServiceStatus current, ServiceEngineState state, CancellationToken cancellationToken)
    {
        var (from, to) = state is ServiceEngineState.CrashLoop or ServiceEngineState.Stopped
            ? (ServiceStatus.Running, ServiceStatus.Failed)
            : (ServiceStatus.Failed, ServiceStatus.Running);
        if (current != from)
        {
            return;
        }

        var now = clock.GetUtcNow();
        int changed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Conditional: a stop or a deployment that changed the row meanwhile wins.
            changed = await scope.ServiceProvider.GetRequiredService<IPanelDbContext>().Services
                .Where(s => s.Id == serviceId && s.Status == from && !s.Stopped && s.LiveDeploymentId != null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }

        if (changed > 0)
        {
            services.PublishStatus(serviceId);
        }
    }
}
