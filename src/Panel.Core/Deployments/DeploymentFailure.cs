using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The end of a deployment that failed or was cancelled, whichever step it was at: the reason in the user's terms (secrets
/// masked) with what became of the previous version, the new version's Docker service removed, a stateful previous version
/// that was stopped for it started again, and the deployment and the service marked. Saving is the caller's.
/// </summary>
public sealed class DeploymentFailure(ISwarmOperations swarm, StopFirstSwitch stopFirst, TimeProvider clock)
{
    /// <summary>Failures a deployment expects (a cancel, a build, a health check, the engine, a release command); others are defects to log.</summary>
    public static bool IsExpected(Exception error) =>
        error is OperationCanceledException or BuildFailedException or HealthCheckFailedException or EngineException or ReleaseFailedException
            or Cluster.PlacementRefusedException or RegistryPushFailedException;

    /// <summary>Never cancelled: whatever the reason, nothing of the new version may be left running.</summary>
    public async Task EndAsync(Deployment deployment, Service service, DeploymentLog log, Exception error,
        EngineServiceSpec? stoppedPrevious, string? portMismatch = null)
    {
        var cancelled = error is OperationCanceledException;
        var previous = stoppedPrevious is not null ? DeploymentFailureText.Previous.Restarted
            : service.LiveDeploymentId is null ? DeploymentFailureText.Previous.None
            : service.Stopped ? DeploymentFailureText.Previous.Stopped
            : DeploymentFailureText.Previous.Serving;
        var message = cancelled
            ? DeploymentFailureText.Cancelled(previous)
            : DeploymentFailureText.Failed(log.Masker.Mask(error.Message), previous, portMismatch,
                reasonSaysOutcome: error is RouteNotWrittenException);
        log.Line(cancelled ? "Cancelled." : $"Failed: {message}");
        if (deployment.EngineServiceName is { } name)
        {
            await swarm.RemoveServiceAsync(name, CancellationToken.None);
        }

        // Before the deployment ends, so that whoever waits for it finds the previous version running again.
        if (stoppedPrevious is not null)
        {
            await stopFirst.RestoreAsync(deployment.EngineServiceName, stoppedPrevious, service.Application!, log);
        }

        deployment.EndUnsuccessfully(service, message, cancelled, clock.GetUtcNow());
    }
}
