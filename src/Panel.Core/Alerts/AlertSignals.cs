using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Alerts;

/// <summary>A deployment ended (from <see cref="DeploymentEvents"/>).</summary>
public sealed record DeploymentEnded(Guid DeploymentId, Guid ServiceId, DeploymentStatus Status);

/// <summary>Turns what the panel noticed (a deployment's end, a service's engine state) into alerts, with names and what to do.</summary>
public sealed partial class AlertSignals(IPanelDbContext db, TimeProvider clock)
{
    public async Task<(AlertEvent? Raise, AlertRecovery? Resolve)> ReadAsync(object signal, CancellationToken cancellationToken) =>
        signal switch
        {
            DeploymentEnded ended => await DeploymentAsync(ended, cancellationToken),
            ServiceStateChanged state => await ServiceStateAsync(state, cancellationToken),
            ContainerOomKilled oom => (await OomAsync(oom, cancellationToken), null),
            _ => (null, null),
        };

    public static string PathOf(ServiceKind kind, Guid id) => kind switch
    {
        ServiceKind.Database => $"/databases/{id}",
        ServiceKind.StaticSite => $"/static-sites/{id}",
        ServiceKind.Compose => $"/compose/{id}",
        _ => $"/services/{id}",
    };

    private async Task<(AlertEvent?, AlertRecovery?)> DeploymentAsync(DeploymentEnded ended, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == ended.DeploymentId, cancellationToken);
        var service = await ServiceAsync(ended.ServiceId, cancellationToken);
        if (deployment is null || service is null || deployment.Status != ended.Status
            || deployment.FinishedAt is not { } finished || clock.GetUtcNow() - finished > TimeSpan.FromMinutes(10))
        {
            return (null, null);
        }

        var name = service.Name;
        var project = service.Project?.Name;
        var path = $"/deployments/{deployment.Id}";
        var now = clock.GetUtcNow();
        if (ended.Status == DeploymentStatus.Failed && deployment.Step == DeploymentSteps.Release)
        {
            return (ReleaseFailed(service, deployment, path, now), null);
        }

        if (ended.Status == DeploymentStatus.Failed)
        {
            var reason = string.IsNullOrWhiteSpace(deployment.Error) ? "The deployment log says why." : deployment.Error.Trim();
            return (new AlertEvent(AlertEventKinds.DeploymentFailed, service.Id, name, project,
                $"Deployment of {name} failed", $"The deployment of {name}{In(project)} failed: {reason}\n"
                + "The previous version keeps serving. Read the deployment log, fix the cause, then deploy again.", path, now), null);
        }

        var recovery = new AlertRecovery(AlertEventKinds.DeploymentFailed, service.Id.ToString(), $"Resolved: {name} deploys again",
            $"A deployment of {name}{In(project)} succeeded after a failed one; the new version is live.", path, now)
        {
            ServiceId = service.Id, ServiceName = name, ProjectName = project,
        };
        var succeeded = new AlertEvent(AlertEventKinds.DeploymentSucceeded, service.Id, name, project,
            $"{name} deployed", $"A deployment of {name}{In(project)} succeeded; the new version is live.", path, now);
        return (succeeded, recovery);
    }

    private async Task<(AlertEvent?, AlertRecovery?)> ServiceStateAsync(ServiceStateChanged state, CancellationToken cancellationToken)
    {
        var service = await ServiceAsync(state.ServiceId, cancellationToken);
        if (service is null)
        {
            return (null, null);
        }

        var path = PathOf(service.Kind, service.Id);
        var now = clock.GetUtcNow();
        var project = service.Project?.Name;
        var detail = string.IsNullOrWhiteSpace(state.Detail) ? "" : $" ({state.Detail})";
        return state.State switch
        {
            ServiceEngineState.CrashLoop => (new AlertEvent(AlertEventKinds.ServiceCrashLoop, service.Id, service.Name, project,
                $"{service.Name} keeps crashing", $"The containers of {service.Name}{In(project)} keep crashing{detail}. "
                + "Read the service's logs for the error; roll back to the previous deployment if the new version is the cause.",
                path, now) { IsCondition = true }, null),
            ServiceEngineState.Unhealthy => (new AlertEvent(AlertEventKinds.ServiceUnhealthy, service.Id, service.Name, project,
                $"{service.Name} is unhealthy", $"A container of {service.Name}{In(project)} fails its health check{detail}. "
                + "Read the service's logs and check what its health check calls.", path, now) { IsCondition = true }, null),
            ServiceEngineState.Running => (null, new AlertRecovery(AlertEventKinds.ServiceCrashLoop, service.Id.ToString(),
                $"Resolved: {service.Name} runs again", $"{service.Name}{In(project)} runs again.", path, now)
            {
                ServiceId = service.Id, ServiceName = service.Name, ProjectName = project,
            }),
            _ => (null, null),
        };
    }

    private Task<Service?> ServiceAsync(Guid id, CancellationToken cancellationToken) =>
        db.Services.AsNoTracking().Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    private static string In(string? project) => project is null ? "" : $" (project {project})";
}
