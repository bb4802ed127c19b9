using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Databases;

public static class DatabasesServiceCollectionExtensions
{
    public static IServiceCollection AddPanelDatabases(this IServiceCollection services)
    {
        services.AddScoped<DatabaseDeployer>();
        return services;
    }
}
