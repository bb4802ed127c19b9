using DropIt.Panel.Core.StaticSites.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>What tells the truth about routes: the proxy status, the server's public address, DNS records, generated domains.</summary>
public static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddPanelRouting(this IServiceCollection services)
    {
        services.AddOptions<DomainsOptions>().BindConfiguration(DomainsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DomainsOptions>, DomainsOptionsValidator>();
        services.AddSingleton<StaticEdgeProbe>();
        services.AddSingleton<ProxyStatusMonitor>();
        services.AddSingleton<DnsLookup>();
        services.AddScoped<PublicAddresses>();
        services.AddScoped<DnsRecords>();
        services.AddScoped<GeneratedDomains>();
        services.AddScoped<RouteFacts>();
        return services;
    }
}
