using System.Net;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Network;

/// <summary>Which peers may tell the panel the client's address, scheme and host (<c>Panel:TrustedProxies</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Panel";

    /// <summary>
    /// Addresses (<c>10.0.1.5</c>), networks (<c>10.0.1.0/24</c>) or host names (<c>dropit-traefik</c>, resolved
    /// every 30 seconds) whose X-Forwarded-For/-Proto/-Host headers are applied. Loopback is always trusted;
    /// every other peer is seen with its own address, whatever headers it sends.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>Checks <see cref="ProxyOptions"/> at start-up.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            var entry = options.TrustedProxies[i]?.Trim() ?? "";
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _)
                && Uri.CheckHostName(entry) != UriHostNameType.Dns)
            {
                errors.Add($"Panel:TrustedProxies:{i} is \"{entry}\"; set an address (10.0.1.5), a network (10.0.1.0/24) "
                    + "or the proxy's host name (dropit-traefik), or remove it.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
