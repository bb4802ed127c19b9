using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Docker;

public static class NetworksServiceCollectionExtensions
{
    /// <summary>Project networks, the hardening of service containers, and Traefik on the networks it routes to (decision 030).</summary>
    public static IServiceCollection AddPanelNetworks(this IServiceCollection services)
    {
        services.AddSingleton<INetworkOperations, NetworkOperations>();
        services.AddSingleton<INetworkSettings, PanelNetworkSettings>();
        services.AddSingleton<ServiceNetworks>();
        services.AddSingleton<EngineSecurity>();
        services.AddSingleton<TraefikNetworks>();
        services.AddSingleton<IStackOperations, StackOperations>();
        return services;
    }
}
