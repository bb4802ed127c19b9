using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Databases;

public static class DatabasesServiceCollectionExtensions
{
    public static IServiceCollection AddPanelDatabases(this IServiceCollection services)
    {
        services.AddSingleton<ISwarmFiles, SwarmFiles>();
        services.AddSingleton<IVolumeOperations, VolumeOperations>();
        services.AddSingleton<DatabaseStartWatch>();
        services.AddSingleton<PostgresCommands>();
        services.AddSingleton<DatabaseUpgrader>();
        services.AddOptions<FirewallOptions>().BindConfiguration(FirewallOptions.Section);
        services.AddSingleton<IPortFirewall, IptablesPortFirewall>();
        services.AddScoped<DatabaseFirewall>();
        services.AddScoped<DatabaseDeployer>();
        services.AddScoped<DatabaseCatalog>();
        services.AddScoped<DatabaseControl>();
        return services;
    }
}
