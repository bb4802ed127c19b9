namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>
/// Runs the integration tests against the Docker 26 swarm's manager instead of the machine's own engine: with
/// <c>DROPIT_TEST_ENGINE=cluster</c>, the integration tests' assembly fixture starts a <see cref="DockerCluster"/>, drains
/// its workers (the panel builds on the manager and pushes to no registry yet) and sets DOCKER_HOST to the manager for
/// the whole test process, so that the panels (<see cref="PanelFactory"/>'s Docker:Endpoint) and every Docker CLI call
/// of the tests go there. E.g. <c>DROPIT_TEST_ENGINE=cluster scripts/test.sh "FullyQualifiedName~Deployments"</c>.
/// </summary>
public static class ClusterEngine
{
    public const string Variable = "DROPIT_TEST_ENGINE";

    /// <summary>Whether this test run targets the cluster's manager.</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(Variable) == "cluster";

    /// <summary>The engine the tests' panels manage: DOCKER_HOST when set (the cluster's manager), else the local socket.</summary>
    public static string Endpoint => Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";

    /// <summary>Starts the cluster and points this process at its manager; the workers take no task.</summary>
    public static async Task<DockerCluster> StartAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        var cluster = await DockerCluster.StartAsync([TestImages.Busybox]);
        foreach (var worker in cluster.Workers)
        {
            await cluster.DockerAsync(cluster.Manager, "node", "update", "--availability", "drain", worker.Hostname);
        }

        Environment.SetEnvironmentVariable("DOCKER_HOST", cluster.ManagerEndpoint);
        return cluster;
    }
}
