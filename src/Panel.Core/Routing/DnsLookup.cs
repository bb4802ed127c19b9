using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.Core.Routing;

/// <summary>How a name resolved: its addresses, that it does not exist (yet), or that nobody could say.</summary>
public sealed record DnsAnswer(IReadOnlyList<IPAddress> Addresses, bool NotFound, string? Error)
{
    public bool Found => Addresses.Count > 0;
}

/// <summary>Looks a name up with the system's resolver, giving up after a few seconds.</summary>
public sealed class DnsLookup
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<DnsAnswer> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).WaitAsync(Timeout, cancellationToken);
            return new DnsAnswer(addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Distinct().ToList(), false, null);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return new DnsAnswer([], true, null);
        }
        catch (SocketException e)
        {
            return new DnsAnswer([], false, e.Message);
        }
        catch (TimeoutException)
        {
            return new DnsAnswer([], false, $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
