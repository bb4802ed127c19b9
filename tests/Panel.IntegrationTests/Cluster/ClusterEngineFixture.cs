using DropIt.Panel.TestSupport.Cluster;

[assembly: AssemblyFixture(typeof(DropIt.Panel.IntegrationTests.Cluster.ClusterEngineFixture))]

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// With <c>DROPIT_TEST_ENGINE=cluster</c>, the whole run targets the Docker 26 swarm's manager (<see cref="ClusterEngine"/>);
/// otherwise it does nothing. Run such a run with a filter that leaves out the <see cref="MultiNode"/> collection, which
/// starts a cluster of its own.
/// </summary>
public sealed class ClusterEngineFixture : IAsyncLifetime
{
    private DockerCluster? cluster;

    public async ValueTask InitializeAsync()
    {
        if (ClusterEngine.Requested)
        {
            cluster = await ClusterEngine.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
            await cluster.DisposeAsync();
        }
    }
}
