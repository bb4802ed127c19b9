using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Test classes that run against the three-node Docker 26 swarm (<see cref="DockerCluster"/>, decision 056): they share
/// one cluster, started once for the collection, and run alone, after the other lanes, like <see cref="Deployments.Timing"/>
/// (the cluster's engines and the machine's own engine would otherwise compete for the two cores).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiNode : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Multi-node cluster";
}

/// <summary>
/// The collection's cluster, with <see cref="TestImages.Busybox"/>, the registry and the Docker client stand-ins
/// loaded into every node (a real server pulls them from Docker Hub).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private DockerCluster? cluster;

    public DockerCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>
    /// Points a test panel on the host at the cluster: the manager's socket as its engine, the manager's address as the
    /// swarm's, and replicas probed over the manager's docker_gwbridge (decision 056).
    /// </summary>
    public static void ManageCluster(PanelFactory panel, DockerCluster cluster)
    {
        panel.Settings["Docker:Endpoint"] = cluster.ManagerEndpoint;
        panel.Settings["Docker:AdvertiseAddress"] = cluster.Manager.Address;
        panel.Settings["Docker:ProbeRoute"] = "GatewayBridge";
    }

    public async ValueTask InitializeAsync()
    {
        if (ClusterEngine.Requested)
        {
            throw new InvalidOperationException(
                $"{ClusterEngine.Variable}=cluster runs the whole run on a cluster of its own: leave out the {MultiNode.Name} collection (e.g. --filter \"FullyQualifiedName~Deployments\").");
        }

        await TestImages.EnsureBusyboxAsync();
        await DatabaseImages.EnsureAsync();
        cluster = await DockerCluster.StartAsync([TestImages.Busybox, DatabaseImages.Registry2, DatabaseImages.DockerCliImage]);
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
