using System.Net;
using System.Net.Sockets;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>
/// Deploys an image-source application of the panel on the test swarm's workers, with no registry: the image is
/// loaded into every node, and the deployment's own tag (the one its Docker service runs) is put on the workers
/// while the panel's pull of the image waits on a port that accepts and never answers, so that the workers have it
/// before Swarm gives them a task. The image prints numbered lines; its HEALTHCHECK passes or fails by its tag.
/// </summary>
public sealed class WorkerDeploys(DockerCluster cluster, DeployClient client)
{
    public const string Repository = "dropit-test/chatty";

    /// <summary>What each replica writes, then a number: "chatty line 7".</summary>
    public const string LinePrefix = "chatty line";

    /// <summary>The images, healthy and not, loaded into every node under <see cref="Reference"/>.</summary>
    public static async Task EnsureImagesAsync(DockerCluster cluster, int stallPort)
    {
        await TestImages.EnsureBusyboxAsync();
        bool[] kinds = [true, false];
        foreach (var healthy in kinds)
        {
            var tag = $"{Repository}:{(healthy ? "healthy" : "unhealthy")}";
            await TestImages.DockerBuildAsync(tag, $$"""
                FROM {{TestImages.Busybox}}
                HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD {{(healthy ? "true" : "false")}}
                CMD ["sh", "-c", "i=0; while true; do echo \"{{LinePrefix}} $i\"; i=$((i+1)); sleep 0.3; done"]

                """);
            await TestImages.DockerAsync("tag", tag, Reference(stallPort, healthy));
            await cluster.LoadImageAsync(Reference(stallPort, healthy));
            await TestImages.DockerAsync("rmi", Reference(stallPort, healthy)); // Only the nodes need that name (the port is each run's).
        }
    }

    /// <summary>The image's name as the application gives it: a registry on the test bridge whose pulls wait.</summary>
    public static string Reference(int stallPort, bool healthy) =>
        $"{DockerCluster.BridgeAddress}:{stallPort}/{Repository}:{(healthy ? "healthy" : "unhealthy")}";

    /// <summary>
    /// An application of <paramref name="replicas"/> replicas kept on the workers (or where <paramref name="constraint"/>
    /// says), checked by <paramref name="healthCheck"/>.
    /// </summary>
    public Task<Guid> CreateAsync(Guid project, string name, string image, object healthCheck, int replicas = 2,
        string constraint = "node.role==worker") =>
        client.CreateApplicationAsync(project, new
        {
            name, kind = "application", source = new { type = "image", image }, port = 8080, replicas, healthCheck,
            placement = new { constraints = new[] { constraint } },
        });

    /// <summary>Starts a deployment and puts its tag on the workers while the panel's pull waits; returns when it finished.</summary>
    public async Task<(Guid Id, string Status, string Log)> DeployAsync(Guid serviceId, string image, TcpListener stall)
    {
        var pulls = new List<Socket>();
        var holding = HoldAsync(stall, pulls);
        Guid deploymentId;
        try
        {
            deploymentId = await client.DeployAsync(serviceId);
            var tag = EngineNames.ImageTag(serviceId, deploymentId);
            foreach (var worker in cluster.Workers)
            {
                await cluster.DockerAsync(worker, "tag", image, tag);
            }
        }
        finally
        {
            stall.Stop(); // The pull fails at once; the panel goes on with the copy on the manager.
            await holding;
            pulls.ForEach(s => s.Dispose());
        }

        var finished = await client.WaitFinishedAsync(deploymentId);
        return (deploymentId, finished.GetProperty("status").GetString()!, await client.LogAsync(deploymentId));
    }

    private static async Task HoldAsync(TcpListener stall, List<Socket> pulls)
    {
        try
        {
            while (true)
            {
                pulls.Add(await stall.AcceptSocketAsync());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }

    /// <summary>A listener on the test bridge's address that accepts connections and never answers.</summary>
    public static TcpListener Stall(int port)
    {
        var listener = new TcpListener(IPAddress.Parse(DockerCluster.BridgeAddress), port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }
}
