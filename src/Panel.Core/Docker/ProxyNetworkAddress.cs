using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// This process's own address on the proxy network: it has one when it runs in a container attached to that network
/// (production), none when it runs on the Docker host (development, tests).
/// </summary>
public static class ProxyNetworkAddress
{
    /// <summary>The first address of this machine's interfaces inside one of <paramref name="subnets"/>, or null.</summary>
    public static IPAddress? FindLocal(IEnumerable<string> subnets)
    {
        var networks = subnets.Select(s => IPNetwork.TryParse(s, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>().ToList();
        return NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(address => networks.Any(n => n.Contains(address)));
    }

    /// <summary>
    /// At start-up, before the panel's services exist: asks the engine of <paramref name="options"/> for the proxy network's
    /// subnets. Null when the process has no address there; throws <see cref="EngineException"/> when the engine cannot say.
    /// </summary>
    public static async Task<IPAddress?> FindAsync(DockerOptions options, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine(Options.Create(options));
        var network = await new NetworkOperations(engine, Options.Create(options)).FindAsync(options.Network, cancellationToken);
        return network is null ? null : FindLocal(network.Subnets);
    }
}
