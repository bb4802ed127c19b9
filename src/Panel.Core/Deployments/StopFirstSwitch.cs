using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Replaces a service that keeps data stop-first (decision 9): the live version's Docker service is removed and
/// its containers are gone before the new version starts, so two processes never write one volume. When the new
/// version fails, the previous one is started again from its own image on the same volumes.
/// </summary>
public sealed partial class StopFirstSwitch(ISwarmOperations swarm, HealthGate healthGate, ILogger<StopFirstSwitch> logger)
{
    /// <summary>How long a container that keeps data may take to flush and exit after SIGTERM before Docker kills it.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>Beyond the grace period: Docker's kill and the removal of the container.</summary>
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    /// <summary>A service keeps data when any of its volumes is not marked shared.</summary>
    public static bool IsStateful(ApplicationSettings app) => app.Volumes.Any(v => !v.Shared);

    /// <summary>
    /// The spec a version runs with: a stateful one also has Swarm replace its tasks stop-first (a restart, an
    /// update) and gets the longer grace period to stop cleanly.
    /// </summary>
    public static EngineServiceSpec Apply(EngineServiceSpec spec, ApplicationSettings app) =>
        IsStateful(app) ? spec with { UpdateOrder = UpdateOrder.StopFirst, StopGracePeriod = StopGracePeriod } : spec;

    /// <summary>Removes the live version's Docker service and waits until its containers are gone.</summary>
    public async Task StopLiveAsync(string liveName, ApplicationSettings app, DeploymentLog log, CancellationToken cancellationToken)
    {
        var volume = app.Volumes.First(v => !v.Shared);
        log.Line($"This service keeps data (volume {volume.Source}): stopping {liveName} before the new version starts, so two versions never write it at once.");

        // The removal itself is never cancelled half-way: either the old version runs, or it is on its way out.
        await swarm.RemoveServiceAsync(liveName, CancellationToken.None);
        await swarm.WaitContainersGoneAsync(liveName, StopGracePeriod + StopMargin, cancellationToken);
        log.Line($"{liveName} stopped.");
    }

    /// <summary>
    /// After the new version failed: removes what it started, waits until neither its containers nor the previous
    /// version's are left, then starts the previous version again from <paramref name="previous"/> (its own name,
    /// image and labels, the same volumes) and waits for its health check. Never cancelled: what was live must run again.
    /// </summary>
    public async Task RestoreAsync(string? failedName, EngineServiceSpec previous, ApplicationSettings app, DeploymentLog log)
    {
        log.Line($"Starting the previous version again ({previous.Image}) on the same volumes, so what was live stays live.");
        try
        {
            if (failedName is not null)
            {
                await swarm.RemoveServiceAsync(failedName, CancellationToken.None);
                await swarm.WaitContainersGoneAsync(failedName, StopGracePeriod + StopMargin, CancellationToken.None);
            }

            // The stop may have been interrupted before the old containers were gone.
            await swarm.RemoveServiceAsync(previous.Name, CancellationToken.None);
            await swarm.WaitContainersGoneAsync(previous.Name, StopGracePeriod + StopMargin, CancellationToken.None);
            await swarm.CreateServiceAsync(previous, CancellationToken.None);
            if (previous.Replicas == 0)
            {
                log.Line($"The previous version is back as {previous.Name}, stopped as it was.");
                return;
            }

            await healthGate.WaitHealthyAsync(previous.Name, app, log, CancellationToken.None);
            log.Line($"The previous version runs again as {previous.Name}.");
        }
        catch (HealthCheckFailedException e)
        {
            log.Line($"The previous version was started again as {previous.Name} but did not pass its health check; see its logs.");
            LogRestoreFailed(e, previous.Name);
        }
        catch (Exception e)
        {
            // Whatever failed here, the deployment must still end (as failed) with the reason in its log.
            log.Line($"The previous version could not be started again ({e.Message}). Roll back to it or deploy again.");
            LogRestoreFailed(e, previous.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The previous version {EngineServiceName} of a stateful service could not be started again")]
    private partial void LogRestoreFailed(Exception exception, string engineServiceName);
}
