using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>Registers the disk cleanup feature.</summary>
public static class CleanupServiceCollectionExtensions
{
    /// <summary>The disk cleanup (<see cref="DiskCleanup"/>) and its options (section <c>Cleanup</c>).</summary>
    public static IServiceCollection AddPanelCleanup(this IServiceCollection services)
    {
        services.AddOptions<CleanupOptions>().BindConfiguration(CleanupOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanupOptions>, CleanupOptionsValidator>();
        services.AddSingleton<CleanupGate>();
        services.AddSingleton<EngineImages>();
        services.AddSingleton<BuildCachePruning>();
        services.AddSingleton<CleanupFiles>();
        services.AddSingleton<NodeImageCleanup>();
        services.AddScoped<ReleaseCleanup>();
        services.AddScoped<DiskCleanup>();
        return services;
    }
}
