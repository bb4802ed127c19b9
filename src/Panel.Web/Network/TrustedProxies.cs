using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Network;

/// <summary>
/// The peers whose forwarded headers the panel applies: loopback, plus the addresses, networks and resolved
/// host names of <see cref="ProxyOptions.TrustedProxies"/>.
/// </summary>
public sealed class TrustedProxies
{
    private readonly List<IPNetwork> networks = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
    private readonly ConcurrentDictionary<string, IPAddress[]> resolved = new(StringComparer.OrdinalIgnoreCase);

    public TrustedProxies(IOptions<ProxyOptions> options)
    {
        var names = new List<string>();
        foreach (var entry in options.Value.TrustedProxies.Select(e => e.Trim()))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(Normalize(address), address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                names.Add(entry);
            }
        }

        Names = names;
    }

    /// <summary>Host names to resolve (a proxy in a container whose address changes when it is recreated).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>True when <paramref name="address"/> (the direct peer) is a trusted proxy.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        foreach (var addresses in resolved.Values)
        {
            if (Array.IndexOf(addresses, address) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records the current addresses of host name <paramref name="name"/>.</summary>
    public void SetAddresses(string name, IEnumerable<IPAddress> addresses) =>
        resolved[name] = [.. addresses.Select(Normalize)];

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
