using DropIt.Panel.Core.Routing;
using DropIt.Panel.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DropIt.Panel.Web.Api;

/// <summary>The server's public address as the API shows it: <c>source</c> is configured, panel-domain, default-route or none.</summary>
public sealed record PublicAddressDto(string? IPv4, string? IPv6, AddressSource Source, string? Note)
{
    public static PublicAddressDto From(PublicAddress address) =>
        new(address.IPv4?.ToString(), address.IPv6?.ToString(), address.Source, address.Note);
}

/// <summary>The records a host needs, where it resolves today, and <c>check</c>: ready, elsewhere, missing or unknown.</summary>
public sealed record DnsRecordsDto(string Host, PublicAddressDto Server, IReadOnlyList<DnsRecord> Records, DnsCheckState Check,
    IReadOnlyList<string> ResolvesTo, string Message);

/// <summary>What serves the routes (Traefik, the dynamic folder, the static edge), the server's address, generated domains.</summary>
public static class RoutingStatusApi
{
    public static RouteGroupBuilder MapRoutingStatusApi(this RouteGroupBuilder api)
    {
        api.MapGet("/server/proxy-status", GetProxyStatusAsync).WithTags("Routing").WithName("GetProxyStatus");
        api.MapGet("/server/public-address", GetPublicAddressAsync).WithTags("Routing").WithName("GetPublicAddress");
        api.MapGet("/server/dns-records", GetDnsRecordsAsync).WithTags("Routing").WithName("GetDnsRecords");
        api.MapPost("/services/{id:guid}/domains/generate", GenerateAsync).WithTags("Domains").WithName("GenerateDomain");
        return api;
    }

    /// <summary>The last check (every Traefik:StatusSeconds); <c>?refresh=true</c> checks now.</summary>
    public static async Task<Ok<ProxyStatus>> GetProxyStatusAsync(ProxyStatusMonitor monitor, CancellationToken ct, bool refresh = false) =>
        TypedResults.Ok(refresh ? await monitor.CheckAsync(ct) : await monitor.GetAsync(ct));

    public static async Task<Ok<PublicAddressDto>> GetPublicAddressAsync(PublicAddresses addresses, CancellationToken ct) =>
        TypedResults.Ok(PublicAddressDto.From(await addresses.FindAsync(ct)));

    /// <summary><c>?host=shop.example.com</c>: the A/AAAA records to create, and a lookup of the host (3 s at most).</summary>
    public static async Task<Results<Ok<DnsRecordsDto>, ProblemHttpResult>> GetDnsRecordsAsync(string? host, DnsRecords records,
        CancellationToken ct)
    {
        var outcome = await records.CheckAsync(host, ct);
        if (!outcome.Succeeded)
        {
            return ProblemResults.From(outcome);
        }

        var view = outcome.Value!;
        return TypedResults.Ok(new DnsRecordsDto(view.Host, PublicAddressDto.From(view.Server), view.Records, view.Check, view.ResolvesTo,
            view.Message));
    }

    /// <summary>Adds <c>&lt;service&gt;-&lt;project&gt;.&lt;ip-with-dashes&gt;.&lt;Domains:GeneratedBase&gt;</c> to the service: 201 with the domain.</summary>
    public static async Task<Results<Created<DomainView>, ProblemHttpResult>> GenerateAsync(Guid id, GeneratedDomains generated,
        HttpContext context, CancellationToken ct)
    {
        var outcome = await generated.GenerateAsync(id, PanelActor.From(context.User, context), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/services/{id}/domains/{outcome.Value!.Id}", outcome.Value)
            : ProblemResults.From(outcome);
    }
}
