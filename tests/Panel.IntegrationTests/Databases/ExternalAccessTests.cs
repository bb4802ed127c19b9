using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>
/// A database's external port, filtered by the panel's firewall rules (iptables), reached from a test host of its own: a
/// network namespace joined to this machine by a veth pair, so its packets arrive on an interface as an outside client's
/// do (a container on Docker's bridge would go through docker-proxy instead, which no firewall rule of the host sees).
/// </summary>
[Collection(DockerDatabases.Name)]
public sealed class ExternalAccessTests : PanelTest<BootstrappedPanel>
{
    private DatabaseHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        harness = new DatabaseHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    private const string Namespace = "dropit-extern";
    private const string HostSide = "dxt0";
    private const string ClientSide = "dxt1";
    private const string HostAddress = "198.18.7.1";
    private const string ClientAddress = "198.18.7.2";

    private static async Task IpAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync("/usr/sbin/ip", args);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', args)}: {result.Error}");
    }

    private static async Task RemoveTestHostAsync()
    {
        await ChildProcess.RunAsync("/usr/sbin/ip", ["link", "del", HostSide]);
        await ChildProcess.RunAsync("/usr/sbin/ip", ["netns", "del", Namespace]);
    }

    private static async Task AddTestHostAsync()
    {
        await RemoveTestHostAsync();
        await IpAsync("netns", "add", Namespace);
        await IpAsync("link", "add", HostSide, "type", "veth", "peer", "name", ClientSide);
        await IpAsync("link", "set", ClientSide, "netns", Namespace);
        await IpAsync("addr", "add", $"{HostAddress}/30", "dev", HostSide);
        await IpAsync("link", "set", HostSide, "up");
        await IpAsync("netns", "exec", Namespace, "ip", "addr", "add", $"{ClientAddress}/30", "dev", ClientSide);
        await IpAsync("netns", "exec", Namespace, "ip", "link", "set", ClientSide, "up");
    }

    /// <summary>pg_isready from the test host to this machine's address on its link; "accepting" or why not.</summary>
    private static async Task<string> ProbeAsync(int port)
    {
        var result = await ChildProcess.RunAsync("/usr/sbin/ip", ["netns", "exec", Namespace, "/usr/lib/postgresql/15/bin/pg_isready",
            "-h", HostAddress, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "3"]);
        return result.Output + result.Error;
    }

    private async Task<Deployment> ChangeAsync(Guid id, Deployment after, params string[] sources)
    {
        var changed = await harness.UpdateAsync(id, new DatabaseInput(AllowedSources: sources));
        Assert.True(changed.Succeeded, changed.Error);
        var deployment = await harness.WaitDeployedAsync(id, after: after.Id);
        Assert.True(deployment.Status == DeploymentStatus.Succeeded, deployment.Error + "\n" + await harness.LogAsync(deployment.Id));
        return deployment;
    }

    private static Task<string> AcceptingAsync(int port) => Eventually.MatchesAsync(() => ProbeAsync(port),
        r => r.Contains("accepting connections"), TimeSpan.FromSeconds(30), "the database to accept connections from outside");

    [Fact]
    public async Task ExternalPort_WithAnAllowList_LetsOnlyThoseSourcesThroughAndAnEmptyListLetsAnyone()
    {
        var port = FreePorts.Next();
        await AddTestHostAsync();
        try
        {
            await ProbeThroughTheFirewallAsync(port);
        }
        finally
        {
            await RemoveTestHostAsync();
        }
    }

    private async Task ProbeThroughTheFirewallAsync(int port)
    {
        var project = await harness.CreateProjectAsync("extern");
        var created = await harness.CreateAsync(project, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            ExternalPort: port, AllowedSources: [ClientAddress]));
        Assert.True(created.Succeeded, created.Error);
        var id = created.Value!.Id;
        var first = await harness.WaitDeployedAsync(id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error + "\n" + await harness.LogAsync(first.Id));
        Assert.Contains("accepting connections", await AcceptingAsync(port));

        var closed = await ChangeAsync(id, first, "203.0.113.7");
        Assert.Contains("from 203.0.113.7 only", await harness.LogAsync(closed.Id));
        Assert.Contains("no response", await ProbeAsync(port));

        var open = await ChangeAsync(id, closed);
        Assert.Contains("from any address", await harness.LogAsync(open.Id));
        Assert.Contains("accepting connections", await AcceptingAsync(port));

        var deleted = await harness.ControlAsync(c => c.DeleteAsync(id, true, Core.Common.Actor.System, CancellationToken.None));
        Assert.True(deleted.Succeeded, deleted.Error);
        var rules = await ChildProcess.RunAsync("/usr/sbin/iptables", ["-S", IptablesPortFirewall.Chain], cancellationToken: Ct);
        Assert.DoesNotContain($"--ctorigdstport {port}", rules.Output);
    }
}
