using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// After a crash or a restart: deployments left running are marked failed, and the Docker services of
/// versions that never went live are removed; the live version of every service is left alone.
/// </summary>
public sealed partial class DeploymentRecovery(IPanelDbContext db, ISwarmOperations swarm, TimeProvider clock,
    ILogger<DeploymentRecovery> logger)
{
    public const string InterruptedError = "The panel stopped while this deployment was running; the previous version kept serving. Deploy again.";

    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var interrupted = await db.Deployments
            .Where(d => d.Status == DeploymentStatus.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeploymentStatus.Failed)
                .SetProperty(d => d.FinishedAt, now)
                .SetProperty(d => d.Error, InterruptedError), cancellationToken);
        await db.Services
            .Where(s => s.Status == ServiceStatus.Deploying)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, s => s.LiveDeploymentId == null ? ServiceStatus.Failed : ServiceStatus.Running),
                cancellationToken);

        // Only services of this panel's own applications: Docker objects it does not know are left alone.
        var services = await db.Services.Select(s => new { s.Id, s.LiveDeploymentId }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var removed = 0;
        foreach (var engineService in await swarm.ListPanelServicesAsync(cancellationToken))
        {
            if (engineService.ServiceId is { } serviceId && services.TryGetValue(serviceId, out var service)
                && engineService.DeploymentId is { } id && id != service.LiveDeploymentId)
            {
                await swarm.RemoveServiceAsync(engineService.Name, cancellationToken);
                removed++;
            }
        }

        if (interrupted > 0 || removed > 0)
        {
            LogRecovered(interrupted, removed);
        }

        return interrupted;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recovered from an interrupted run: {Deployments} deployment(s) marked failed, {Services} unfinished Docker service(s) removed")]
    private partial void LogRecovered(int deployments, int services);
}
