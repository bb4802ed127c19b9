using System.Diagnostics;
using System.Globalization;

namespace DropIt.Panel.TestSupport.Cluster;

/// <summary>
/// Removes everything a <see cref="DockerCluster"/> made on the host, whether it is the cluster of this process or the
/// leftovers of a run that was killed: the cluster's names are fixed and one cluster runs at a time (a lock), so what
/// carries them is the cluster's own. Each step goes on when an earlier one fails.
/// </summary>
internal static class ClusterTeardown
{
    public static async Task RunAsync(IReadOnlyList<ClusterNode> nodes)
    {
        await RemoveServicesAsync(nodes.FirstOrDefault(n => n.Name == DockerCluster.ManagerName));
        await StopDaemonsAsync(nodes);
        await KillLeftoverProcessesAsync(nodes);
        await UnmountUnderAsync(DockerCluster.StateFolder);
        foreach (var node in nodes)
        {
            await Shell.TryAsync("ip", "netns", "delete", node.Namespace);
            await Shell.TryAsync("ip", "link", "delete", DockerCluster.HostLinkName(node));
        }

        await Shell.TryAsync("ip", "link", "delete", DockerCluster.BridgeName);
        while (await Shell.TryAsync("iptables", ["-D", .. DockerCluster.ForwardRule]))
        {
            // An earlier run that was killed between two starts may have left the rule twice.
        }

        if (Directory.Exists(DockerCluster.StateFolder))
        {
            await Shell.TryAsync("rm", "-rf", "--one-file-system", DockerCluster.StateFolder);
        }
    }

    /// <summary>The services first, so that no task is rescheduled while the engines stop.</summary>
    private static async Task RemoveServicesAsync(ClusterNode? manager)
    {
        if (manager is null || !File.Exists(manager.SocketPath) || manager.DaemonPid == 0)
        {
            return;
        }

        var list = await ChildProcess.RunAsync(TestImages.DockerCli, ["-H", manager.Endpoint, "service", "ls", "-q"]);
        var services = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (list.Succeeded && services.Length > 0)
        {
            await ChildProcess.RunAsync(TestImages.DockerCli, ["-H", manager.Endpoint, "service", "rm", .. services]);
        }
    }

    /// <summary>SIGTERM to each dockerd by its pid file (when that pid is in the node's namespace); waits up to 15 s for them to stop their containers and exit.</summary>
    private static async Task StopDaemonsAsync(IReadOnlyList<ClusterNode> nodes)
    {
        var pids = new List<int>();
        foreach (var node in nodes)
        {
            if (node.DaemonPid is > 0 and var pid && await InNamespaceAsync(pid, node))
            {
                pids.Add(pid);
            }
        }

        foreach (var pid in pids)
        {
            await Shell.TryAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
        }

        var deadline = Stopwatch.StartNew();
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// SIGKILL to every process left in a node's network namespace (a daemon that did not stop, containerd, its shims,
    /// sshd) and in a node's cgroups (the containers: each engine runs them under --cgroup-parent /&lt;namespace&gt;).
    /// </summary>
    private static async Task KillLeftoverProcessesAsync(IReadOnlyList<ClusterNode> nodes)
    {
        var pids = new HashSet<int>();
        foreach (var node in nodes)
        {
            var listed = await ChildProcess.RunAsync("ip", ["netns", "pids", node.Namespace]);
            pids.UnionWith(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => int.TryParse(line.Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0));
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid) && InNodeCgroup(pid, nodes))
            {
                pids.Add(pid);
            }
        }

        pids.Remove(0);
        pids.Remove(Environment.ProcessId);
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended meanwhile.
            }
        }
    }

    private static bool InNodeCgroup(int pid, IReadOnlyList<ClusterNode> nodes)
    {
        try
        {
            var cgroups = File.ReadAllText($"/proc/{pid}/cgroup");
            return nodes.Any(n => cgroups.Contains(":/" + n.Namespace + "/", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<bool> InNamespaceAsync(int pid, ClusterNode node) =>
        (await ChildProcess.RunAsync("ip", ["netns", "identify", pid.ToString(CultureInfo.InvariantCulture)])).Output.Trim() == node.Namespace;

    /// <summary>Every mount in <paramref name="folder"/>, deepest first; lazily when it is still busy.</summary>
    private static async Task UnmountUnderAsync(string folder)
    {
        for (var round = 0; round < 3; round++)
        {
            var mounts = File.ReadAllLines("/proc/self/mountinfo")
                .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
                .Where(point => point.StartsWith(folder + "/", StringComparison.Ordinal))
                .Distinct()
                .OrderByDescending(point => point.Length)
                .ToList();
            if (mounts.Count == 0)
            {
                return;
            }

            // Private first, so that no unmount reaches the host's /proc, /sys or /dev through mount propagation.
            foreach (var top in mounts.Where(p => !mounts.Any(o => p.StartsWith(o + "/", StringComparison.Ordinal))))
            {
                await Shell.TryAsync("mount", "--make-rprivate", top);
            }

            foreach (var point in mounts)
            {
                if (!await Shell.TryAsync("umount", point))
                {
                    await Shell.TryAsync("umount", "-l", point);
                }
            }
        }
    }
}
