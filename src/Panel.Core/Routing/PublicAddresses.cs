using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>Where the server's public address came from.</summary>
public enum AddressSource
{
    /// <summary>Domains:PublicAddress.</summary>
    Configured,

    /// <summary>What the panel's own domain resolves to.</summary>
    PanelDomain,

    /// <summary>The address of the interface the default route leaves by.</summary>
    DefaultRoute,

    /// <summary>Nothing found.</summary>
    None,
}

/// <summary>The server's public address(es): an IPv4 for A records, an IPv6 for AAAA records; <see cref="Note"/> warns when unsure.</summary>
public sealed record PublicAddress(IPAddress? IPv4, IPAddress? IPv6, AddressSource Source, string? Note)
{
    public bool Known => IPv4 is not null || IPv6 is not null;

    public string SourceText => Source switch
    {
        AddressSource.Configured => "configured (Domains:PublicAddress)",
        AddressSource.PanelDomain => "detected: what the panel's domain resolves to",
        AddressSource.DefaultRoute => "detected: the address of the default-route interface",
        _ => "not found",
    };
}

/// <summary>Finds the server's public address: configured, else the panel domain's DNS answer, else the default-route interface.</summary>
public sealed class PublicAddresses(IPanelDbContext db, DnsLookup dns, IOptions<DomainsOptions> options)
{
    public async Task<PublicAddress> FindAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.ConfiguredAddresses();
        if (configured.Count > 0)
        {
            return new PublicAddress(V4(configured), V6(configured), AddressSource.Configured, null);
        }

        var panelDomain = await db.PanelSettings.AsNoTracking().Select(s => s.PanelDomain).FirstOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrEmpty(panelDomain) && await dns.ResolveAsync(panelDomain, cancellationToken) is { Found: true } answer)
        {
            var reachable = answer.Addresses.Where(IsPublic).ToList();
            if (reachable.Count > 0)
            {
                return new PublicAddress(V4(reachable), V6(reachable), AddressSource.PanelDomain, null);
            }
        }

        var route = DefaultRouteAddresses();
        if (route.Count == 0)
        {
            return new PublicAddress(null, null, AddressSource.None,
                "No address found: set Domains:PublicAddress to the address the Internet reaches this server at.");
        }

        var v4 = V4(route);
        var v6 = V6(route.Where(IsPublic).ToList());
        var note = v4 is not null && !IsPublic(v4)
            ? $"{v4} is a private address: the server may be behind NAT, or the panel runs in a container. Set Domains:PublicAddress to the address the Internet reaches."
            : null;
        return new PublicAddress(v4, v6, AddressSource.DefaultRoute, note);
    }

    private static IPAddress? V4(IReadOnlyList<IPAddress> addresses) => addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);

    private static IPAddress? V6(IReadOnlyList<IPAddress> addresses) => addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6);

    /// <summary>Not loopback, link-local, private (RFC 1918), shared (100.64/10) or unique-local (fc00::/7).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && (address.GetAddressBytes()[0] & 0xFE) != 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            10 => false,
            172 => b[1] is < 16 or > 31,
            192 => b[1] != 168,
            169 => b[1] != 254,
            100 => b[1] is < 64 or > 127,
            0 => false,
            _ => true,
        };
    }

    /// <summary>The addresses of the interface named by the default route in /proc/net/route (Linux).</summary>
    private static List<IPAddress> DefaultRouteAddresses()
    {
        const string routes = "/proc/net/route";
        if (!File.Exists(routes))
        {
            return [];
        }

        var name = File.ReadLines(routes).Skip(1)
            .Select(line => line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(f => f.Length > 7 && f[1] == "00000000" && f[7] == "00000000")?[0];
        var nic = name is null ? null : NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);
        return nic?.GetIPProperties().UnicastAddresses.Select(u => u.Address)
            .Where(a => !a.IsIPv6LinkLocal).ToList() ?? [];
    }
}
