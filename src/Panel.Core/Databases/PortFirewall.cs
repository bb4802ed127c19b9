using System.Text;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Databases;

/// <summary>A host port published by a database and the source addresses allowed through it.</summary>
public sealed record PortRule(int HostPort, IReadOnlyList<string> AllowedSources);

/// <summary>Filters who reaches the databases' published ports.</summary>
public interface IPortFirewall
{
    /// <summary>False when this panel cannot filter (the setting is off): an allow list is then refused.</summary>
    bool Enabled { get; }

    /// <summary>Replaces every rule at once with these.</summary>
    Task ApplyAsync(IReadOnlyList<PortRule> rules, CancellationToken cancellationToken);
}

public sealed class FirewallOptions
{
    public const string Section = "Databases:Firewall";

    /// <summary>Filter published database ports with iptables (the panel must run as root on the Docker host, or with NET_ADMIN on the host's network).</summary>
    public bool Enabled { get; set; } = true;

    public string IptablesPath { get; set; } = "/usr/sbin/iptables-restore";
}

/// <summary>
/// The rules live in a chain of the panel's own, <c>DROPIT-PORTS</c>, jumped to from Docker's <c>DOCKER-USER</c>, which sees
/// traffic to published ports after Docker's address translation: the port is matched as the client sent it
/// (<c>--ctorigdstport</c>), in the client's direction only. The whole chain is replaced in one <c>iptables-restore</c>,
/// so there is no moment without rules.
/// </summary>
public sealed class IptablesPortFirewall(IOptions<FirewallOptions> options) : IPortFirewall
{
    public const string Chain = "DROPIT-PORTS";

    public bool Enabled => options.Value.Enabled;

    public async Task ApplyAsync(IReadOnlyList<PortRule> rules, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var script = new StringBuilder("*filter\n").Append(':').Append(Chain).Append(" - [0:0]\n");
        foreach (var rule in rules.Where(r => r.AllowedSources.Count > 0))
        {
            var match = $"-p tcp -m conntrack --ctdir ORIGINAL --ctorigdstport {rule.HostPort}";
            foreach (var source in rule.AllowedSources)
            {
                script.Append($"-A {Chain} {match} -s {source} -j RETURN\n");
            }

            script.Append($"-A {Chain} {match} -j DROP\n");
        }

        script.Append("COMMIT\n");
        await RunAsync(["--noflush"], script.ToString(), cancellationToken);
        // The jump from DOCKER-USER is added once; Docker recreates that chain empty when it restarts.
        var jump = "*filter\n-D DOCKER-USER -j " + Chain + "\n-I DOCKER-USER 1 -j " + Chain + "\nCOMMIT\n";
        if (!await TryRunAsync(["--noflush"], jump, cancellationToken))
        {
            await RunAsync(["--noflush"], "*filter\n-I DOCKER-USER 1 -j " + Chain + "\nCOMMIT\n", cancellationToken);
        }
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, string input, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var result = await CommandRunner.RunAsync(options.Value.IptablesPath, arguments, null, input, null, lines.Add, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EngineException(
                $"The panel could not set the firewall rules of the published database ports ({options.Value.IptablesPath}: {result.TailText(3)}). " +
                "Run the panel as root on the Docker host, or set Databases:Firewall:Enabled to false and filter the ports in your own firewall.");
        }
    }

    private async Task<bool> TryRunAsync(IReadOnlyList<string> arguments, string input, CancellationToken cancellationToken) =>
        (await CommandRunner.RunAsync(options.Value.IptablesPath, arguments, null, input, null, null, cancellationToken)).Succeeded;
}
