using System.Diagnostics;
using System.Globalization;

namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>
/// A real three-node Swarm on this machine: a manager and two workers, each a Debian 13 <c>dockerd</c> (26.1.5, Engine
/// API 1.45) in network, mount and UTS namespaces of its own (its root: the node's root file system), joined by veth
/// pairs into one host bridge (decision 056).
/// <list type="bullet">
/// <item>Bridge <see cref="BridgeName"/> at <see cref="BridgeAddress"/>/24; manager 10.213.0.10, worker1 .11, worker2 .12.</item>
/// <item>Each engine's local networks (docker0, docker_gwbridge) come from a pool of its own, 10.214.(16·i).0/20; the
/// swarm's overlay networks from 10.215.0.0/16. The host routes the manager's pool through the manager, so a panel on the
/// host probes replicas on the manager over docker_gwbridge as it does on a single host (Docker:ProbeRoute GatewayBridge).</item>
/// <item>One cluster runs on the machine at a time (a lock); a second <see cref="StartAsync"/> waits for the first to be
/// disposed. Leftovers of a killed run are removed at start; <see cref="DisposeAsync"/> removes everything it made.</item>
/// </list>
/// Needs root, debootstrap (the node root file system is built once per machine: <see cref="NodeRootfs"/>), iproute2,
/// iptables, util-linux and the host's Docker engine (for the images loaded into the nodes). The nodes have no default
/// route: they reach each other and the host only.
/// </summary>
public sealed class DockerCluster : IAsyncDisposable
{
    public const string ManagerName = "manager";
    public const string BridgeName = "dropit-cl0";
    public const string BridgeAddress = "10.213.0.1";

    /// <summary>Where the nodes' root file systems, engine data and logs live while the cluster runs.</summary>
    public const string StateFolder = "/var/lib/dropit-test-cluster";

    /// <summary>The overlay networks' address pool (swarm init --default-addr-pool).</summary>
    public const string OverlayPool = "10.215.0.0/16";

    private const string LockPath = "/var/lib/dropit-test-cluster.lock";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan DaemonStart = TimeSpan.FromSeconds(90);

    internal static readonly string[] ForwardRule = ["FORWARD", "-i", BridgeName, "-o", BridgeName, "-j", "ACCEPT"];

    private static readonly string[] NodeNames = [ManagerName, "worker1", "worker2"];

    private readonly FileStream lockFile;
    private readonly List<Process> sshDaemons = [];
    private bool disposed;

    private DockerCluster(FileStream lockFile, IReadOnlyList<ClusterNode> nodes)
    {
        this.lockFile = lockFile;
        Nodes = nodes;
    }

    /// <summary>The manager first, then the workers.</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; }

    public ClusterNode Manager => Nodes[0];

    public IReadOnlyList<ClusterNode> Workers => [.. Nodes.Skip(1)];

    /// <summary>The manager's engine for the host: the value of Docker:Endpoint for a panel that manages this swarm.</summary>
    public string ManagerEndpoint => Manager.Endpoint;

    /// <summary>
    /// Starts the cluster: removes leftovers, mounts each node's root, starts the engines, loads <paramref name="images"/>
    /// (tags of the host's engine, e.g. <see cref="TestImages.Busybox"/>) into every node, forms the swarm and waits
    /// until its three nodes are ready: about 5 s once the root file system is cached (plus the removal of leftovers).
    /// </summary>
    public static async Task<DockerCluster> StartAsync(IEnumerable<string> images, CancellationToken cancellationToken = default)
    {
        var rootfs = await NodeRootfs.EnsureAsync();
        var lockFile = await TakeLockAsync(cancellationToken);
        var nodes = NodeNames.Select((name, i) => new ClusterNode(
            name, $"10.213.0.{10 + i}", $"dropit-cl-{name}", Path.Combine(StateFolder, name, "root"))).ToList();
        var cluster = new DockerCluster(lockFile, nodes);
        try
        {
            await ClusterTeardown.RunAsync(nodes);
            await cluster.FormAsync(rootfs, [.. images], cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the host's Debian Docker CLI against <paramref name="node"/>'s engine; throws with its error output on failure.</summary>
    public Task<string> DockerAsync(ClusterNode node, params string[] args) =>
        Shell.RunAsync(TestImages.DockerCli, ["-H", node.Endpoint, .. args]);

    /// <summary>
    /// Runs <paramref name="command"/> (the host's programs and files) in <paramref name="node"/>'s network namespace, as
    /// <c>ip netns exec</c> does: e.g. <c>["nc", "-z", "10.213.0.11", "22"]</c>. Prefix <c>chroot</c> and
    /// <see cref="ClusterNode.Root"/> to run the node's own programs.
    /// </summary>
    public Task<ChildResult> ExecAsync(ClusterNode node, params string[] command) =>
        ChildProcess.RunAsync("ip", ["netns", "exec", node.Namespace, .. command]);

    /// <summary>
    /// Starts the node's own OpenSSH server on <paramref name="node"/>'s address, port 22, in its namespace and root: root
    /// logs in with the key of <paramref name="authorizedKey"/> (an OpenSSH public key line) only. A session there sees
    /// the node's file system and its Docker engine at /var/run/docker.sock. Returns when sshd accepts connections.
    /// </summary>
    public async Task StartSshdAsync(ClusterNode node, string authorizedKey)
    {
        var ssh = Path.Combine(node.Root, "root", ".ssh");
        Directory.CreateDirectory(ssh);
        var keys = Path.Combine(ssh, "authorized_keys");
        await File.WriteAllTextAsync(keys, authorizedKey.Trim() + "\n");
        await Shell.RunAsync("chmod", "700", ssh);
        await Shell.RunAsync("chmod", "600", keys);

        var sshd = $"ssh-keygen -A >/dev/null && mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -o ListenAddress={node.Address} " +
            "-o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o UsePAM=no";
        var log = Path.Combine(StateFolder, $"{node.Name}-sshd.log");
        sshDaemons.Add(StartDetached($"exec nsenter --target {node.DaemonPid} --mount --uts --net --root --wd /bin/sh -c '{sshd}' >>{log} 2>&1"));
        await WaitAsync(async () => (await ExecAsync(node, "bash", "-c", $"exec 3<>/dev/tcp/{node.Address}/22")).Succeeded,
            TimeSpan.FromSeconds(20), $"sshd on {node.Name} to listen on {node.Address}:22 (see {log})");
    }

    /// <summary>Saves <paramref name="image"/> from the host's engine and loads it into every node's engine.</summary>
    public Task LoadImageAsync(string image) =>
        Task.WhenAll(Nodes.Select(node =>
            Shell.ShAsync($"{TestImages.DockerCli} save {image} | {TestImages.DockerCli} -H {node.Endpoint} load -q")));

    /// <summary>Removes the services, stops the engines and sshd, and removes the namespaces, links, rule, route and mounts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await ClusterTeardown.RunAsync(Nodes);
        }
        finally
        {
            foreach (var process in sshDaemons)
            {
                process.Dispose();
            }

            await lockFile.DisposeAsync();
        }
    }

    internal static string HostLinkName(ClusterNode node) => "dcl-" + node.Name;

    private async Task FormAsync(string rootfs, string[] images, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StateFolder);
        await Shell.RunAsync("ip", "link", "add", BridgeName, "type", "bridge");
        await Shell.RunAsync("ip", "addr", "add", BridgeAddress + "/24", "dev", BridgeName);
        await Shell.RunAsync("ip", "link", "set", BridgeName, "up");
        // Docker's FORWARD policy drops bridged traffic otherwise (the host's engine loads br_netfilter).
        await Shell.RunAsync("iptables", ["-I", .. ForwardRule]);

        for (var i = 0; i < Nodes.Count; i++)
        {
            await MountRootAsync(Nodes[i], rootfs);
            await LinkAsync(Nodes[i]);
            StartDaemon(Nodes[i], i);
        }

        await Task.WhenAll(Nodes.Select(WaitDaemonAsync));
        cancellationToken.ThrowIfCancellationRequested();
        await Task.WhenAll(images.Select(LoadImageAsync));

        await DockerAsync(Manager, "swarm", "init", "--advertise-addr", Manager.Address, "--listen-addr", Manager.Address + ":2377",
            "--default-addr-pool", OverlayPool, "--default-addr-pool-mask-length", "24");
        var token = (await DockerAsync(Manager, "swarm", "join-token", "-q", "worker")).Trim();
        await Task.WhenAll(Workers.Select(worker => DockerAsync(worker, "swarm", "join", "--token", token,
            "--advertise-addr", worker.Address, "--listen-addr", worker.Address + ":2377", Manager.Address + ":2377")));
        await WaitAsync(async () => (await DockerAsync(Manager, "node", "ls", "--format", "{{.Status}}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(s => s == "Ready") == Nodes.Count,
            TimeSpan.FromSeconds(60), "the three nodes to be Ready");

        // Gateway-bridge probes from the host: the manager's local networks through the manager; its engine's own
        // DOCKER-USER chain lets them in (Docker drops forwarded traffic to docker_gwbridge otherwise).
        await Shell.RunAsync("ip", "route", "add", ManagerPool, "via", Manager.Address, "dev", BridgeName);
        await Shell.RunAsync("ip", "netns", "exec", Manager.Namespace, "iptables", "-I", "DOCKER-USER", "-i", "eth0", "-j", "ACCEPT");
    }

    private static string Pool(int index) => $"10.214.{16 * index}.0/20";

    private static string ManagerPool => Pool(0);

    /// <summary>An overlay on the cached root file system, private; /proc, /sys, /dev from the host; a tmpfs /run; the engine's data on ext4.</summary>
    private static async Task MountRootAsync(ClusterNode node, string rootfs)
    {
        var folder = Path.GetDirectoryName(node.Root)!;
        foreach (var sub in new[] { "upper", "work", "root", "docker" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        await Shell.RunAsync("mount", "-t", "overlay", "overlay", "-o",
            $"lowerdir={rootfs},upperdir={folder}/upper,workdir={folder}/work", node.Root);
        await Shell.RunAsync("mount", "--make-private", node.Root);
        foreach (var system in new[] { "proc", "sys", "dev" })
        {
            await Shell.RunAsync("mount", "--rbind", "/" + system, Path.Combine(node.Root, system));
            await Shell.RunAsync("mount", "--make-rslave", Path.Combine(node.Root, system));
        }

        await Shell.RunAsync("mount", "-t", "tmpfs", "tmpfs", Path.Combine(node.Root, "run"));
        // overlay2 cannot keep its layers on an overlay: the engine's data goes to a plain folder.
        Directory.CreateDirectory(Path.Combine(node.Root, "var", "lib", "docker"));
        await Shell.RunAsync("mount", "--bind", Path.Combine(folder, "docker"), Path.Combine(node.Root, "var", "lib", "docker"));
    }

    private static async Task LinkAsync(ClusterNode node)
    {
        await Shell.RunAsync("ip", "netns", "add", node.Namespace);
        await Shell.RunAsync("ip", "link", "add", HostLinkName(node), "type", "veth", "peer", "name", "eth0", "netns", node.Namespace);
        await Shell.RunAsync("ip", "link", "set", HostLinkName(node), "master", BridgeName, "up");
        await Shell.RunAsync("ip", "netns", "exec", node.Namespace, "ip", "addr", "add", node.Address + "/24", "dev", "eth0");
        await Shell.RunAsync("ip", "netns", "exec", node.Namespace, "ip", "link", "set", "eth0", "up");
        // No default route: the nodes reach each other and the host, nothing else.
        await Shell.RunAsync("ip", "netns", "exec", node.Namespace, "ip", "link", "set", "lo", "up");
    }

    /// <summary>
    /// dockerd in the node's network namespace, and in a UTS and a private mount namespace of its own whose root is the
    /// node's root (pivot_root, the host's root detached). A plain chroot is not enough: <c>docker exec</c>, and so every
    /// HEALTHCHECK, would then run in the host's root instead of the container's.
    /// </summary>
    private static void StartDaemon(ClusterNode node, int index)
    {
        var dockerd = "dockerd --host unix:///run/docker.sock --pidfile /run/docker.pid " +
            $"--default-address-pool base={Pool(index)},size=24 --cgroup-parent /{node.Namespace}";
        var inside = $"hostname {node.Hostname} && cd {node.Root} && mkdir -p .host && pivot_root . .host " +
            $"&& exec chroot . /bin/sh -c \"umount -l /.host && exec {dockerd}\"";
        var log = Path.Combine(StateFolder, node.Name + ".log");
        using var started = StartDetached(
            $"exec ip netns exec {node.Namespace} unshare --mount --uts --propagation private /bin/sh -c '{inside}' >>{log} 2>&1");
    }

    private async Task WaitDaemonAsync(ClusterNode node)
    {
        var log = Path.Combine(StateFolder, node.Name + ".log");
        await WaitAsync(async () => File.Exists(node.SocketPath)
                && (await ChildProcess.RunAsync(TestImages.DockerCli, ["-H", node.Endpoint, "version"])).Succeeded,
            DaemonStart, $"the engine of {node.Name} to answer (log: {log})");
    }

    private static Process StartDetached(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start: {script}");
        process.StandardInput.Close();
        return process;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Expected {expectation} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<FileStream> TakeLockAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock: released when the process ends, even when it is killed.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (watch.Elapsed < LockWait)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException(
                    $"Another test process has held the cluster's lock ({LockPath}) for {LockWait.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min.", e);
            }
        }
    }
}
