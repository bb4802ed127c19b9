namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>
/// One engine of a <see cref="DockerCluster"/>: a Debian 13 <c>dockerd</c> (26.1.5) in network, mount and UTS namespaces
/// of its own, with its own root file system (an overlay on the cached one) and its own hostname.
/// </summary>
/// <param name="Name">manager, worker1, worker2: also the node's hostname without its dropit-node- prefix.</param>
/// <param name="Address">The node's address on the cluster bridge (its advertise address in the swarm).</param>
/// <param name="Namespace">The network namespace (<c>ip netns exec &lt;Namespace&gt; ...</c>).</param>
/// <param name="Root">The node's root file system as the host sees it.</param>
public sealed record ClusterNode(string Name, string Address, string Namespace, string Root)
{
    /// <summary>The node's hostname, which is also its name in <c>docker node ls</c>.</summary>
    public string Hostname => "dropit-node-" + Name;

    /// <summary>The engine's socket as the host reaches it.</summary>
    public string SocketPath => Path.Combine(Root, "run", "docker.sock");

    /// <summary>The engine's endpoint for the host (Docker:Endpoint, DOCKER_HOST, <c>docker -H</c>).</summary>
    public string Endpoint => "unix://" + SocketPath;

    /// <summary>The dockerd process id (0 when it does not run).</summary>
    public int DaemonPid =>
        File.Exists(Path.Combine(Root, "run", "docker.pid")) && int.TryParse(File.ReadAllText(Path.Combine(Root, "run", "docker.pid")).Trim(), out var pid)
            ? pid
            : 0;
}
