using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Alerts;

// Decision 044: a deployment that failed in its release command, and containers killed for memory.
public sealed partial class AlertSignals
{
    /// <summary>
    /// One event for one failure: release.failed, also routed as deployment.failed to channels that only route that
    /// (<see cref="AlertEvent.AlsoKind"/>), so nobody gets two messages and nobody misses it.
    /// </summary>
    private static AlertEvent ReleaseFailed(Service service, Deployment deployment, string path, DateTimeOffset now)
    {
        var name = service.Name;
        var project = service.Project?.Name;
        var reason = string.IsNullOrWhiteSpace(deployment.Error) ? "The deployment log says why." : deployment.Error.Trim();
        return new AlertEvent(AlertEventKinds.ReleaseFailed, service.Id, name, project, $"Release command of {name} failed",
            $"The release command of {name}{In(project)} failed, so the deployment stopped before the new version took traffic: {reason}\n"
            + "Read the release step of the deployment log, fix the command or what it changes (a migration, say), then deploy again.",
            path, now) { AlsoKind = AlertEventKinds.DeploymentFailed };
    }

    private async Task<AlertEvent?> OomAsync(ContainerOomKilled oom, CancellationToken cancellationToken)
    {
        var service = await ServiceAsync(oom.ServiceId, cancellationToken);
        if (service is null)
        {
            return null;
        }

        var project = service.Project?.Name;
        var limit = service.Application?.MemoryLimitBytes is { } bytes ? $" (its memory limit is {bytes / (1024.0 * 1024):0.#} MiB)" : "";
        var what = oom.OneOff ? "A one-off command (a release command or a job) of" : "A container of";
        var fix = service.Kind == ServiceKind.Compose
            ? "Raise deploy.resources.limits.memory of the compose service, or find what uses the memory, then deploy again."
            : "Raise the memory limit in the service's settings, or find what uses the memory (its logs, the Metrics tab), then deploy again.";
        return new AlertEvent(AlertEventKinds.ServiceOom, service.Id, service.Name, project, $"{service.Name} was killed for memory",
            $"{what} {service.Name}{In(project)} used more memory than it may{limit}, and the kernel killed it (container "
            + $"{oom.ContainerId[..Math.Min(12, oom.ContainerId.Length)]}, at {oom.At:yyyy-MM-dd HH:mm:ss} UTC). {fix}",
            PathOf(service.Kind, service.Id), clock.GetUtcNow());
    }
}
