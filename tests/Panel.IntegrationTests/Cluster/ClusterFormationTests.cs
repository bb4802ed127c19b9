using System.Globalization;
using DropIt.Panel.TestSupport;
using DropIt.Panel.TestSupport.Cluster;

namespace DropIt.Panel.IntegrationTests.Cluster;

/// <summary>The cluster itself: three Docker 26 engines in one swarm, and a service whose replicas answer across nodes.</summary>
[Collection(MultiNode.Name)]
public sealed class ClusterFormationTests(ClusterFixture fixture)
{
    private DockerCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Cluster_HasAManagerAndTwoWorkers_ReadyOnDocker26()
    {
        var nodes = (await Cluster.DockerAsync(Cluster.Manager, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);

        Assert.Equal(["dropit-node-manager Ready Leader", "dropit-node-worker1 Ready", "dropit-node-worker2 Ready"], nodes);
        foreach (var node in Cluster.Nodes)
        {
            var version = (await Cluster.DockerAsync(node, "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}")).Trim().Split(' ');
            Assert.StartsWith("26.", version[0], StringComparison.Ordinal);
            Assert.True(Version.Parse(version[1]) >= new Version(1, 44), $"{node.Name} speaks Engine API {version[1]}");
            Assert.Equal(node.Address, (await Cluster.DockerAsync(node, "info", "--format", "{{.Swarm.NodeAddr}}")).Trim());
        }
    }

    [Fact]
    public async Task DnsrrService_WithTwoReplicas_SpreadsOverTheWorkers_AndAnswersOverTheOverlay()
    {
        await Cluster.DockerAsync(Cluster.Manager, "network", "create", "--driver", "overlay", "--attachable", "spread-net");
        try
        {
            await Cluster.DockerAsync(Cluster.Manager, "service", "create", "--detach", "--name", "spread", "--network", "spread-net",
                "--replicas", "2", "--endpoint-mode", "dnsrr", "--constraint", "node.role==worker", TestImages.Busybox,
                "sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www");
            var running = await Eventually.MatchesAsync(
                async () => (await Cluster.DockerAsync(Cluster.Manager, "service", "ps", "spread", "--filter", "desired-state=running",
                    "--format", "{{.Node}} {{.CurrentState}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                tasks => tasks.Length == 2 && tasks.All(t => t.Contains(" Running ", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60), "two running replicas");

            Assert.Equal(["dropit-node-worker1", "dropit-node-worker2"], running.Select(t => t.Split(' ')[0]).Order(StringComparer.Ordinal));

            // From a container on the manager: each replica by its overlay address, and the service by its name.
            var addresses = await ReplicaAddressesAsync("spread");
            var probe = string.Join("; ", addresses.Select(a => $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {a} 8080 | tail -n 1"))
                + "; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 spread 8080 | tail -n 1";
            var answers = (await Cluster.DockerAsync(Cluster.Manager, "run", "--rm", "--network", "spread-net", TestImages.Busybox, "sh", "-c", probe))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

            Assert.Equal(3, answers.Length);
            Assert.Equal(2, answers.Take(2).Distinct().Count());
            Assert.Contains(answers[2], answers.Take(2));
        }
        finally
        {
            await Cluster.DockerAsync(Cluster.Manager, "service", "rm", "spread");
            await Eventually.TrueAsync(
                async () => (await ChildProcess.RunAsync(TestImages.DockerCli, ["-H", Cluster.ManagerEndpoint, "network", "rm", "spread-net"])).Succeeded,
                TimeSpan.FromSeconds(30), "the network to be free to remove");
        }
    }

    private async Task<IReadOnlyList<string>> ReplicaAddressesAsync(string service)
    {
        var tasks = (await Cluster.DockerAsync(Cluster.Manager, "service", "ps", service, "--filter", "desired-state=running", "-q", "--no-trunc"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var addresses = new List<string>();
        foreach (var task in tasks)
        {
            var address = (await Cluster.DockerAsync(Cluster.Manager, "inspect", "--format",
                "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \"spread-net\"}}{{index .Addresses 0}}{{end}}{{end}}", task)).Trim();
            addresses.Add(address.Split('/')[0]);
        }

        return addresses.Count == 2 ? addresses : throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"Expected 2 running tasks of {service}, found {addresses.Count}."));
    }
}
