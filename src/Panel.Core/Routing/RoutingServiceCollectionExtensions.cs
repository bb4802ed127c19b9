using DropIt.Panel.Core.StaticSites.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Routing: domains, Traefik's files and the sync that keeps them (and the static edge) in step with the database,
    /// and what tells the truth about routes: the proxy status, the server's public address, DNS records, generated domains.
    /// </summary>
    public static IServiceCollection AddPanelRouting(this IServiceCollection services)
    {
        services.AddOptions<TraefikOptions>().BindConfiguration(TraefikOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TraefikOptions>, TraefikOptionsValidator>();
        services.AddScoped<RoutingReconciler>();
        services.AddScoped<DomainService>();
        services.AddSingleton<RouteChanges>();
        services.AddHostedService<RoutingSync>();
        services.AddHostedService<ProxyStatusService>();
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
