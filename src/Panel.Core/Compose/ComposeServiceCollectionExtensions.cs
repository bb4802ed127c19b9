using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropIt.Panel.Core.Compose;

public static class ComposeServiceCollectionExtensions
{
    public static IServiceCollection AddPanelCompose(this IServiceCollection services)
    {
        services.TryAddSingleton<IStackOperations, StackOperations>();
        services.AddScoped<ComposeCatalog>();
        services.AddScoped<ComposeSources>();
        services.AddScoped<StackBuilds>();
        services.AddScoped<StackObjects>();
        services.AddScoped<StackRollout>();
        services.AddScoped<StackDeployer>();
        services.AddScoped<StackRelease>();
        return services;
    }
}
