using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>The image registry: the panel's own or an external one (decision 062).</summary>
    public static IServiceCollection AddPanelRegistry(this IServiceCollection services)
    {
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddSingleton<ISwarmJobs, SwarmJobs>();
        services.AddSingleton<RegistryProbe>();
        services.AddSingleton<PanelRegistryStarts>();
        services.AddScoped<PanelRegistryRunner>();
        services.AddScoped<RegistrySettingsService>();
        services.AddScoped<IRegistryTargets, RegistryTargets>();
        return services;
    }
}
