using DropIt.Panel.Core.Deployments;
using Hangfire;

namespace DropIt.Panel.Web.Jobs;

/// <summary>The Hangfire job of one deployment; the work is <see cref="DeploymentRunner"/>'s.</summary>
public sealed class DeployJob(DeploymentRunner runner)
{
    public const string Queue = "deployments";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Deploy {0}")]
    public Task RunAsync(Guid deploymentId, CancellationToken cancellationToken) => runner.RunAsync(deploymentId, cancellationToken);
}

/// <summary>Queues deployments as Hangfire jobs.</summary>
internal sealed class HangfireDeploymentQueue(IBackgroundJobClient jobs) : IDeploymentQueue
{
    public void Enqueue(Guid deploymentId) => jobs.Enqueue<DeployJob>(j => j.RunAsync(deploymentId, CancellationToken.None));
}
