using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Routing;

/// <summary>A record to create at the DNS provider: <c>A shop.example.com 203.0.113.10</c>.</summary>
public sealed record DnsRecord(string Type, string Name, string Value);

/// <summary>Whether the host already resolves to this server.</summary>
public enum DnsCheckState
{
    /// <summary>It resolves to every address of the records.</summary>
    Ready,

    /// <summary>It resolves, but to other addresses.</summary>
    Elsewhere,

    /// <summary>The name does not exist (yet).</summary>
    Missing,

    /// <summary>The lookup failed or timed out: nobody could say.</summary>
    Unknown,
}

/// <summary>The records for a host, where it resolves now, and what that means in words.</summary>
public sealed record DnsRecordsView(
    string Host, PublicAddress Server, IReadOnlyList<DnsRecord> Records, DnsCheckState Check, IReadOnlyList<string> ResolvesTo, string Message);

/// <summary>The DNS records a domain needs to reach this server, and a real lookup of what it resolves to today.</summary>
public sealed class DnsRecords(PublicAddresses addresses, DnsLookup dns)
{
    public static IReadOnlyList<DnsRecord> For(string host, PublicAddress server) =>
    [
        .. server.IPv4 is { } v4 ? [new DnsRecord("A", host, v4.ToString())] : Array.Empty<DnsRecord>(),
        .. server.IPv6 is { } v6 ? [new DnsRecord("AAAA", host, v6.ToString())] : Array.Empty<DnsRecord>(),
    ];

    public async Task<Outcome<DnsRecordsView>> CheckAsync(string? input, CancellationToken cancellationToken)
    {
        if (!HostNames.TryNormalize(input ?? "", out var host, out var error))
        {
            return Outcome<DnsRecordsView>.Invalid($"The host is refused: {error}");
        }

        var server = await addresses.FindAsync(cancellationToken);
        var records = For(host!, server);
        var answer = await dns.ResolveAsync(host!, cancellationToken);
        var resolved = answer.Addresses.Select(a => a.ToString()).ToList();
        var expected = records.Select(r => r.Value).ToList();
        var (state, message) = answer switch
        {
            { Found: true } when expected.Count > 0 && expected.All(resolved.Contains) =>
                (DnsCheckState.Ready, $"{host} already resolves to this server."),
            { Found: true } => (DnsCheckState.Elsewhere,
                $"{host} resolves to {string.Join(", ", resolved)}, not to this server: point its record{(records.Count > 1 ? "s" : "")} here as shown."),
            { NotFound: true } => (DnsCheckState.Missing,
                $"{host} does not resolve yet: create the record{(records.Count > 1 ? "s" : "")} shown; a new record can take a few minutes to be seen."),
            _ => (DnsCheckState.Unknown, $"Could not check what {host} resolves to ({answer.Error})."),
        };
        return Outcome<DnsRecordsView>.Ok(new DnsRecordsView(host!, server, records, state, resolved, message));
    }
}
