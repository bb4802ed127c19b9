using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.Web.Network;

/// <summary>
/// Resolves the host names among the trusted proxies at start-up and every 30 seconds, so a proxy container that
/// is recreated with a new address stays trusted. A name that stops resolving keeps its last addresses.
/// </summary>
internal sealed partial class TrustedProxyResolver(TrustedProxies proxies, ILogger<TrustedProxyResolver> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> failing = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (proxies.Names.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period);
        do
        {
            foreach (var name in proxies.Names)
            {
                await ResolveAsync(name, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
            proxies.SetAddresses(name, addresses);
            if (failing.Remove(name))
            {
                LogResolved(name, string.Join(", ", addresses.Select(a => a.ToString())));
            }
        }
        catch (SocketException e)
        {
            if (failing.Add(name))
            {
                LogUnresolved(name, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Trusted proxy {Name} resolves again: {Addresses}")]
    private partial void LogResolved(string name, string addresses);

    [LoggerMessage(LogLevel.Warning, "Trusted proxy {Name} does not resolve ({Reason}); its forwarded headers are ignored until it does. Check Panel:TrustedProxies")]
    private partial void LogUnresolved(string name, string reason);
}
