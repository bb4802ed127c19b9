using System.Net;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>The server's public address and the domains the panel generates (section <c>Domains</c>).</summary>
public sealed class DomainsOptions
{
    public const string Section = "Domains";

    /// <summary>
    /// The address(es) the Internet reaches this server at, comma-separated (an IPv4 and an IPv6 address at most);
    /// empty: detected (the panel domain's DNS record, else the address of the default-route interface).
    /// </summary>
    public string PublicAddress { get; set; } = "";

    /// <summary>Wildcard DNS service whose names resolve to the address they contain (<c>1-2-3-4.sslip.io</c>).</summary>
    public string GeneratedBase { get; set; } = "sslip.io";

    /// <summary>Generated domains ask for a certificate and redirect HTTP to HTTPS; off: plain HTTP, usable at once.</summary>
    public bool GeneratedHttps { get; set; }

    /// <summary>The configured addresses; empty when none is set (or one does not parse: the validator refuses that).</summary>
    public IReadOnlyList<IPAddress> ConfiguredAddresses() =>
        PublicAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList();
}

public sealed class DomainsOptionsValidator : IValidateOptions<DomainsOptions>
{
    public ValidateOptionsResult Validate(string? name, DomainsOptions options)
    {
        var parts = options.PublicAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Any(p => !IPAddress.TryParse(p, out _)) || parts.Length > 2)
        {
            return ValidateOptionsResult.Fail(
                $"Domains:PublicAddress is \"{options.PublicAddress}\"; set the server's public IPv4 address (and its IPv6 address after a comma), e.g. 203.0.113.10, or leave it empty to detect it.");
        }

        return HostNames.TryNormalize(options.GeneratedBase, out _, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Domains:GeneratedBase is \"{options.GeneratedBase}\"; set a wildcard DNS domain whose names resolve to the address they contain, e.g. sslip.io.");
    }
}
