using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

public static class EngineServiceCollectionExtensions
{
    /// <summary>The one Engine API client and the narrow interfaces the rest of the panel reaches Docker through (decision 048).</summary>
    public static IServiceCollection AddPanelEngine(this IServiceCollection services)
    {
        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>();
        services.AddSingleton<DockerEngine>();
        services.AddSingleton<IEngineProbe>(sp => sp.GetRequiredService<DockerEngine>());
        services.AddSingleton<IEngineContainers, EngineContainers>();
        services.AddSingleton<IContainerLogs, ContainerLogs>();
        services.AddSingleton<ITaskLogs, TaskLogs>();
        services.AddSingleton<IContainerStats, ContainerStats>();
        services.AddSingleton<INodeAgentServices, NodeAgentServices>();
        services.AddSingleton<IEngineEvents, EngineEvents>();
        services.AddSingleton<IImageOperations, ImageOperations>();
        services.AddSingleton<IImageInspection, ImageInspection>();
        services.AddSingleton<IContainerOperations, ContainerOperations>();
        return services;
    }
}
