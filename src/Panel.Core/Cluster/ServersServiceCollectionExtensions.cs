using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Cluster;

public static class ServersServiceCollectionExtensions
{
    /// <summary>The swarm's servers (decision 057) and the placement of services on them (decision 058).</summary>
    public static IServiceCollection AddPanelServers(this IServiceCollection services)
    {
        services.AddSingleton<INodeOperations, NodeOperations>();
        services.AddSingleton<ServerWatch>();
        services.AddScoped<ServerCatalog>();
        services.AddSingleton<PlacementCheck>();
        return services;
    }
}
