using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Applications;

public static class ApplicationsServiceCollectionExtensions
{
    /// <summary>Applications: their catalog, environment variables, and start, stop and removal of any service.</summary>
    public static IServiceCollection AddPanelApplications(this IServiceCollection services)
    {
        services.AddScoped<ApplicationCatalog>();
        services.AddScoped<ServiceControl>();
        services.AddScoped<VariableStore>();
        return services;
    }
}
