using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Databases;

/// <summary>Deploys a database service: one Swarm service, replaced stop-first, never two servers on one volume.</summary>
public sealed class DatabaseDeployer
{
    public Task RunAsync(Deployment deployment, Service service, DeploymentLog log, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
