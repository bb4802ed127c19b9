using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Projects;

public static class ProjectsServiceCollectionExtensions
{
    /// <summary>Projects and the services they hold.</summary>
    public static IServiceCollection AddPanelProjects(this IServiceCollection services)
    {
        services.AddScoped<ProjectService>();
        services.AddSingleton<ServiceChanges>();
        return services;
    }
}
