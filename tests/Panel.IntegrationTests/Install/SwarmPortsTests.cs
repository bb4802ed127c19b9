using System.Runtime.Versioning;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Install;

/// <summary>
/// What install.sh does for the swarm (decision 030): it advertises a private address when the machine has one, closes
/// the swarm's ports to all but private networks with the firewall the machine has, and passes on --encrypt-networks.
/// The firewall and systemd are stand-ins that record their calls; the rules written are loaded for real, twice, into
/// throwaway network namespaces (unshare -n), where they change nothing of this machine.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SwarmPortsTests : IDisposable
{
    // `ip -o addr show scope global` of a server with a public address, a private one and Docker's bridges.
    private const string PublicAndPrivate = """
        2: eth0    inet 203.0.113.5/24 brd 203.0.113.255 scope global eth0\       valid_lft forever preferred_lft forever
        3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\       valid_lft forever preferred_lft forever
        4: eth1    inet 10.20.0.5/16 brd 10.20.255.255 scope global eth1\       valid_lft forever preferred_lft forever
        2: eth0    inet6 2001:db8::5/64 scope global \       valid_lft forever preferred_lft forever
        """;

    // Two network namespaces joined by a veth pair, each with a private and a public (TEST-NET-2) address: the "server"
    // loads the rules ($1 is the command) and listens on 7946, 2377 and 8080; the "client" connects to each port over
    // both addresses and prints "<address>:<port> open|closed". Nothing leaves the two namespaces, removed at the end.
    private const string TwoHosts = """
        set -e
        A=dropit-fwa-$$; B=dropit-fwb-$$; VA=dfa$$; VB=dfb$$
        cleanup() { ip netns pids $A 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; true; }
        trap cleanup EXIT
        ip netns add $A; ip netns add $B
        ip link add $VA type veth peer name $VB
        ip link set $VA netns $A; ip link set $VB netns $B
        ip -n $A addr add 10.231.0.1/24 dev $VA; ip -n $A addr add 198.51.100.1/24 dev $VA
        ip -n $B addr add 10.231.0.2/24 dev $VB; ip -n $B addr add 198.51.100.2/24 dev $VB
        for n in $A $B; do ip -n $n link set lo up; done
        ip -n $A link set $VA up; ip -n $B link set $VB up
        ip netns exec $A sh -c "$1"
        ip netns exec $A python3 -c '
        import socket, threading
        def serve(port):
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", port)); s.listen()
            while True:
                c, _ = s.accept(); c.sendall(b"open\n"); c.close()
        for p in (7946, 2377, 8080): threading.Thread(target=serve, args=(p,), daemon=True).start()
        threading.Event().wait()' &
        sleep 1
        for target in 10.231.0.1:7946 10.231.0.1:2377 198.51.100.1:7946 198.51.100.1:2377 198.51.100.1:8080; do
          ip netns exec $B python3 -c '
        import socket, sys
        host, port = sys.argv[1].split(":")
        try:
            s = socket.create_connection((host, int(port)), timeout=2); print(sys.argv[1], s.recv(10).decode().strip())
        except OSError:
            print(sys.argv[1], "closed")' $target
        done
        """;

    private readonly InstallerScene scene = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => scene.Dispose();

    [Theory]
    [InlineData(PublicAndPrivate, "10.20.0.5")]
    [InlineData("""
        2: eth0    inet 203.0.113.5/24 brd 203.0.113.255 scope global eth0\       valid_lft forever preferred_lft forever
        3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\       valid_lft forever preferred_lft forever
        5: docker_gwbridge    inet 172.18.0.1/16 brd 172.18.255.255 scope global docker_gwbridge\       valid_lft forever preferred_lft forever
        6: br-0123456789ab    inet 192.168.49.1/24 brd 192.168.49.255 scope global br-0123456789ab\       valid_lft forever preferred_lft forever
        """, "203.0.113.5")]
    [InlineData("""
        2: eth0    inet 203.0.113.5/24 brd 203.0.113.255 scope global eth0\       valid_lft forever preferred_lft forever
        2: eth0    inet6 2001:db8::5/64 scope global \       valid_lft forever preferred_lft forever
        3: wg0    inet6 fd12:3456::7/64 scope global \       valid_lft forever preferred_lft forever
        """, "fd12:3456::7")]
    public async Task DryRun_InactiveSwarm_AdvertisesThePrivateAddressElseTheDefaultRoutes(string addresses, string advertised)
    {
        StubIp(addresses);
        scene.Environment["DROPIT_ADVERTISE_ADDR"] = "";

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"swarm init --advertise-addr {advertised}\n", run.Output);
    }

    [Fact]
    public async Task Install_WithNftables_LoadsItsOwnTableAtEveryBootAndTheRulesReplaceThemselves()
    {
        scene.AddCommand("docker", InstallFirstStartTests.HealthyDocker);
        scene.Environment["DROPIT_DOCKER"] = Path.Combine(scene.ExtraBin, "docker");
        scene.Environment["DROPIT_SWARM_PEERS"] = "198.51.100.7,2001:db8:1::/48";

        var run = await scene.RunAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        var rules = Path.Combine(scene.ConfigDir, "swarm-firewall.nft");
        Assert.Contains($"nft -f {rules}", scene.FirewallCalls);
        Assert.Contains("systemctl enable dropit-swarm-firewall.service", scene.FirewallCalls);
        var unit = await File.ReadAllTextAsync(Path.Combine(scene.SystemdDir, "dropit-swarm-firewall.service"), Ct);
        Assert.Contains($"ExecStart=/bin/sh -c 'nft -f {rules}'", unit);
        Assert.Contains("ok: the swarm's ports (2377/tcp, 7946/tcp+udp, 4789/udp) answer only this machine and private networks", run.Output);

        // Loaded twice into a network namespace of its own: one table, with the private ranges and the peers.
        var loaded = await ChildProcess.RunAsync("/usr/bin/unshare",
            ["-n", "sh", "-c", $"nft -f {rules} && nft -f {rules} && nft list ruleset"], null, Ct);
        Assert.True(loaded.Succeeded, loaded.Error);
        Assert.Single(loaded.Output.Split('\n'), l => l.StartsWith("table ", StringComparison.Ordinal));
        Assert.Contains("ip saddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 198.51.100.7 } accept", loaded.Output);
        Assert.Contains("2001:db8:1::/48", loaded.Output);
        Assert.Contains("tcp dport { 2377, 7946 } drop", loaded.Output);
        Assert.Contains("udp dport { 4789, 7946 } drop", loaded.Output);

        // On a server: the swarm's ports answer the private address only; another port answers both.
        Assert.Equal(["10.231.0.1:7946 open", "10.231.0.1:2377 open", "198.51.100.1:7946 closed", "198.51.100.1:2377 closed",
            "198.51.100.1:8080 open"], await TwoHostsAsync($"nft -f {rules}"));

        // Again: the same file, loaded again.
        var before = await File.ReadAllTextAsync(rules, Ct);
        var second = await scene.RunAsync();
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(before, await File.ReadAllTextAsync(rules, Ct));
        Assert.Equal(2, scene.FirewallCalls.Count(c => c == $"nft -f {rules}"));
    }

    [Fact]
    public async Task Install_WithIptablesOnly_RunsItsOwnChainFirstInInputForBothFamilies()
    {
        scene.AddCommand("docker", InstallFirstStartTests.HealthyDocker);
        scene.Environment["DROPIT_DOCKER"] = Path.Combine(scene.ExtraBin, "docker");
        File.Delete(Path.Combine(scene.ExtraBin, "nft"));
        // No nft anywhere on the installer's PATH (Debian keeps it in /usr/sbin).
        scene.Environment["PATH"] = $"{scene.ExtraBin}:/usr/local/bin:/usr/bin:/bin";

        var run = await scene.RunAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        var script = Path.Combine(scene.ConfigDir, "swarm-firewall.sh");
        Assert.Contains($"sh {script}", run.Output);
        var loaded = await ChildProcess.RunAsync("/usr/bin/unshare",
            ["-n", "sh", "-c", $"PATH=/usr/sbin:/usr/bin:/bin; sh {script} && sh {script} && iptables -S && ip6tables -S"], null, Ct);
        Assert.True(loaded.Succeeded, loaded.Error);
        var lines = loaded.Output.Split('\n');
        Assert.Equal(2, lines.Count(l => l == "-A INPUT -j DROPIT-SWARM"));
        Assert.Contains("-A DROPIT-SWARM -s 192.168.0.0/16 -j RETURN", lines);
        Assert.Contains("-A DROPIT-SWARM -s fc00::/7 -j RETURN", lines);
        Assert.Equal(2, lines.Count(l => l == "-A DROPIT-SWARM -p udp -m multiport --dports 7946,4789 -j DROP"));
        Assert.Equal(["10.231.0.1:7946 open", "10.231.0.1:2377 open", "198.51.100.1:7946 closed", "198.51.100.1:2377 closed",
            "198.51.100.1:8080 open"], await TwoHostsAsync($"PATH=/usr/sbin:/usr/bin:/bin sh {script}"));
    }

    [Fact]
    public async Task DryRun_WithActiveUfw_AllowsPrivateRangesBeforeDenyingEachSwarmPort()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;
        scene.AddCommand("ufw", """
            #!/bin/sh
            printf 'Status: active\n\nTo                         Action      From\n--                         ------      ----\n80/tcp                     ALLOW       Anywhere\n443/tcp                    ALLOW       Anywhere\n'
            """);

        var run = await scene.RunAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.Output.Split('\n').Where(l => l.Contains("would run: ufw", StringComparison.Ordinal)).ToList();
        foreach (var (port, proto) in new[] { ("2377", "tcp"), ("7946", "tcp"), ("7946", "udp"), ("4789", "udp") })
        {
            var allow = lines.FindIndex(l => l.EndsWith($"ufw allow from 10.0.0.0/8 to any port {port} proto {proto} comment dropit-swarm", StringComparison.Ordinal));
            var deny = lines.FindIndex(l => l.EndsWith($"ufw deny {port}/{proto} comment dropit-swarm", StringComparison.Ordinal));
            Assert.True(allow >= 0 && deny > allow, string.Join('\n', lines));
        }

        // A dry run: ufw was only asked for its status.
        Assert.DoesNotContain(scene.FirewallCalls, c => c.StartsWith("ufw ", StringComparison.Ordinal) || c.StartsWith("nft -f", StringComparison.Ordinal)
            || c.StartsWith("systemctl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoFirewallFlag_LeavesTheFirewallAloneAndSaysSo()
    {
        scene.AddCommand("docker", InstallFirstStartTests.HealthyDocker);
        scene.Environment["DROPIT_DOCKER"] = Path.Combine(scene.ExtraBin, "docker");

        var run = await scene.RunAsync("--no-firewall");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("the host firewall is left alone (--no-firewall)", run.Output);
        Assert.DoesNotContain(scene.FirewallCalls, c => c.StartsWith("nft -f", StringComparison.Ordinal) || c.StartsWith("systemctl", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(scene.ConfigDir, "swarm-firewall.nft")));
    }

    [Fact]
    public async Task EncryptNetworksFlag_IsKeptInTheEnvFileForThePanelsBootstrap()
    {
        scene.Swarm = "active";
        scene.NetworkExists = true;

        var first = await scene.RunAsync("--config-only", "--encrypt-networks");
        var second = await scene.RunAsync("--config-only");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("DROPIT_ENCRYPT_NETWORKS=true", await File.ReadAllLinesAsync(scene.EnvFile, Ct));
        var compose = await File.ReadAllTextAsync(Path.Combine(scene.ConfigDir, "compose.yml"), Ct);
        Assert.Contains("Panel__Bootstrap__EncryptNetworks: ${DROPIT_ENCRYPT_NETWORKS:-}", compose);
    }

    private async Task<IReadOnlyList<string>> TwoHostsAsync(string load)
    {
        var script = Path.Combine(scene.Root, "two-hosts.sh");
        await File.WriteAllTextAsync(script, TwoHosts.ReplaceLineEndings("\n") + "\n", Ct);
        var result = await ChildProcess.RunAsync("/bin/sh", [script, load], null, Ct);
        Assert.True(result.Succeeded, result.Output + result.Error);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A stand-in <c>ip</c>: these global addresses, and a default route out of 203.0.113.5.</summary>
    private void StubIp(string addresses) => scene.AddCommand("ip", $$"""
        #!/bin/sh
        case "$*" in
          "-o addr show scope global") cat <<'EOF'
        {{addresses}}
        EOF
          ;;
          "-4 route get"*) echo "1.1.1.1 via 203.0.113.1 dev eth0 src 203.0.113.5 uid 0" ;;
          *) exit 1 ;;
        esac
        """);
}
