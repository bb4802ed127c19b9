using System.Globalization;
using System.Net;

namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>How to run a native nginx: its prefix (<c>-p</c>), its configuration (<c>-c</c>) and where it answers.</summary>
/// <param name="PrefixPath">nginx's prefix: relative paths of the configuration (pid, temp folders) start here.</param>
/// <param name="ConfigPath">The configuration file.</param>
/// <param name="Endpoint">Where nginx accepts connections once started (see <see cref="EndpointFor"/>).</param>
public sealed record NginxProcessOptions(string PrefixPath, string ConfigPath, IPEndPoint Endpoint)
{
    public const string DefaultBinaryPath = "/usr/sbin/nginx";

    public string BinaryPath { get; init; } = DefaultBinaryPath;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a graceful stop (SIGQUIT) may take before nginx is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Each line nginx prints (its error log when that is <c>stderr</c>), for the panel's log.</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>
    /// Where to reach an nginx told <c>listen <paramref name="listen"/></c>: a bare port or a wildcard address is
    /// reached on 127.0.0.1, <c>localhost</c> too, <c>[::]</c> on <c>[::1]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not a port or address:port.</exception>
    public static IPEndPoint EndpointFor(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var colon = listen.LastIndexOf(':');
        var host = colon < 0 ? "" : listen[..colon].Trim('[', ']');
        if (!int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"\"{listen}\" is not a listen address: use a port (8089) or address:port (127.0.0.1:8089).", nameof(listen));
        }

        var address = host switch
        {
            "" or "*" or "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(host, out var parsed) => parsed,
            _ => throw new ArgumentException($"\"{host}\" in \"{listen}\" is not an IP address.", nameof(listen)),
        };
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        return new IPEndPoint(address, port);
    }
}
