using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.Core.Cluster;

/// <summary>The firewall active on a server, found by <see cref="JoinFirewall.DetectScript"/>.</summary>
public enum ServerFirewall
{
    None,
    Ufw,
    Firewalld,
    Iptables,
    Nftables,
}

/// <summary>
/// Opens the Swarm ports (2377/tcp, 7946/tcp+udp, 4789/udp) on a new node to the manager's address only, and only
/// when a firewall is active there: ufw, firewalld, an iptables INPUT chain that drops or rejects, or an nftables
/// input hook that does.
/// </summary>
public static class JoinFirewall
{
    public const string Tag = "dropit-swarm";

    public static readonly IReadOnlyList<(string Protocol, int Port)> Ports = [("tcp", 2377), ("tcp", 7946), ("udp", 7946), ("udp", 4789)];

    /// <summary>Prints the firewall's kind on the first line, then what the panel needs to see of its rules.</summary>
    public const string DetectScript =
        "if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then echo ufw; "
        + "elif command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then echo firewalld; "
        + "else echo rules; echo '--iptables--'; (iptables -S INPUT 2>/dev/null || true); "
        + "echo '--nft--'; (nft list ruleset 2>/dev/null || true); fi";

    /// <summary>An nftables chain with an input hook.</summary>
    public sealed record NftChain(string Family, string Table, string Chain);

    public sealed record Found(ServerFirewall Kind, NftChain? Chain);

    public static Found Parse(string output)
    {
        var text = output.Replace("\r", "", StringComparison.Ordinal);
        var first = text.Split('\n', 2)[0].Trim();
        if (first == "ufw")
        {
            return new Found(ServerFirewall.Ufw, null);
        }

        if (first == "firewalld")
        {
            return new Found(ServerFirewall.Firewalld, null);
        }

        var iptablesStart = text.IndexOf("--iptables--", StringComparison.Ordinal);
        var nftStart = text.IndexOf("--nft--", StringComparison.Ordinal);
        var iptables = iptablesStart >= 0 && nftStart > iptablesStart ? text[(iptablesStart + 12)..nftStart] : "";
        if (IptablesRestricts(iptables))
        {
            return new Found(ServerFirewall.Iptables, null);
        }

        var chain = nftStart >= 0 ? RestrictiveNftChain(text[(nftStart + 7)..]) : null;
        return chain is null ? new Found(ServerFirewall.None, null) : new Found(ServerFirewall.Nftables, chain);
    }

    /// <summary>The INPUT chain (<c>iptables -S INPUT</c>) drops by policy or has a DROP or REJECT rule.</summary>
    public static bool IptablesRestricts(string rules) =>
        rules.Split('\n').Select(l => l.Trim()).Any(l =>
            l is "-P INPUT DROP" or "-P INPUT REJECT"
            || (l.StartsWith("-A INPUT", StringComparison.Ordinal)
                && (l.Contains("-j DROP", StringComparison.Ordinal) || l.Contains("-j REJECT", StringComparison.Ordinal))));

    /// <summary>
    /// The first chain of <c>nft list ruleset</c> hooked on input that drops by policy or has a drop or reject rule;
    /// tables of iptables-nft (ip/ip6 filter) are left to iptables.
    /// </summary>
    public static NftChain? RestrictiveNftChain(string ruleset)
    {
        string? family = null, table = null, chain = null;
        bool input = false, restricts = false;
        foreach (var raw in ruleset.Split('\n'))
        {
            var line = raw.Trim();
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3 && words[0] == "table")
            {
                (family, table, chain) = (words[1], words[2], null);
            }
            else if (words.Length >= 2 && words[0] == "chain")
            {
                (chain, input, restricts) = (words[1], false, false);
            }
            else if (chain is not null && line.StartsWith("type filter hook input", StringComparison.Ordinal))
            {
                input = true;
                restricts = line.Contains("policy drop", StringComparison.Ordinal);
            }
            else if (chain is not null && line == "}")
            {
                if (input && restricts && family is "inet" or "ip" && !(family == "ip" && table == "filter"))
                {
                    return new NftChain(family!, table!, chain);
                }

                chain = null;
            }
            else if (chain is not null && input && (line.EndsWith(" drop", StringComparison.Ordinal) || line == "drop"
                         || line.Contains(" reject", StringComparison.Ordinal) || line.StartsWith("reject", StringComparison.Ordinal)))
            {
                restricts = true;
            }
        }

        return null;
    }

    /// <summary>The script that opens the ports to <paramref name="manager"/> (an IPv4 or IPv6 address) on this firewall.</summary>
    public static string OpenScript(Found found, string manager)
    {
        var ipv6 = IPAddress.TryParse(manager, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        var lines = new List<string> { "set -e" };
        foreach (var (protocol, port) in Ports)
        {
            var p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (found.Kind)
            {
                case ServerFirewall.Ufw:
                    lines.Add(JoinShell.Command("ufw", "allow", "proto", protocol, "from", manager, "to", "any", "port", p, "comment", Tag));
                    break;
                case ServerFirewall.Firewalld:
                    lines.Add(JoinShell.Command("firewall-cmd", "--permanent", "--add-rich-rule",
                        $"rule family=\"{(ipv6 ? "ipv6" : "ipv4")}\" source address=\"{manager}\" port port=\"{p}\" protocol=\"{protocol}\" accept"));
                    break;
                case ServerFirewall.Iptables:
                    var tool = ipv6 ? "ip6tables" : "iptables";
                    string[] rule = ["INPUT", "-s", manager, "-p", protocol, "--dport", p, "-m", "comment", "--comment", Tag, "-j", "ACCEPT"];
                    lines.Add($"{JoinShell.Command([tool, "-C", .. rule])} 2>/dev/null || {JoinShell.Command([tool, "-I", .. rule])}");
                    break;
                case ServerFirewall.Nftables:
                    var chain = found.Chain!;
                    lines.Add(JoinShell.Command("nft", "insert", "rule", chain.Family, chain.Table, chain.Chain,
                        ipv6 ? "ip6" : "ip", "saddr", manager, protocol, "dport", p, "accept", "comment", $"\"{Tag}\""));
                    break;
            }
        }

        if (found.Kind == ServerFirewall.Firewalld)
        {
            lines.Add("firewall-cmd --reload");
        }

        return string.Join('\n', lines);
    }

    /// <summary>What was done, in the words shown to the admin.</summary>
    public static string Describe(Found found, string manager)
    {
        const string ports = "2377/tcp, 7946/tcp+udp and 4789/udp";
        return found.Kind switch
        {
            ServerFirewall.None => "No active firewall on the server (no ufw, firewalld, or iptables/nftables input rule that drops): nothing to open.",
            ServerFirewall.Ufw => $"ufw is active: allowed {ports} from the manager {manager} only (ufw rules, commented \"{Tag}\"; they persist).",
            ServerFirewall.Firewalld => $"firewalld is running: added permanent rich rules for {ports} from the manager {manager} only, and reloaded.",
            ServerFirewall.Iptables => $"The iptables INPUT chain drops traffic: inserted ACCEPT rules for {ports} from the manager {manager} only "
                + $"(comment \"{Tag}\"). They last until reboot unless you save them (netfilter-persistent save, or your firewall's own file).",
            _ => $"The nftables chain {found.Chain!.Family} {found.Chain.Table} {found.Chain.Chain} drops traffic: inserted accept rules for {ports} "
                + $"from the manager {manager} only (comment \"{Tag}\"). Add them to /etc/nftables.conf to keep them after a reboot.",
        };
    }
}
