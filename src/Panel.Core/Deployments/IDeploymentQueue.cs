namespace DropIt.Panel.Core.Deployments;

/// <summary>Hands a queued deployment to the job system, which calls <see cref="DeploymentRunner.RunAsync"/>.</summary>
public interface IDeploymentQueue
{
    void Enqueue(Guid deploymentId);
}
