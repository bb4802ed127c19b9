using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.StaticSites.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites;

public static class StaticSitesServiceCollectionExtensions
{
    public static IServiceCollection AddPanelStaticSites(this IServiceCollection services)
    {
        services.AddOptions<StaticSitesOptions>().BindConfiguration(StaticSitesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaticSitesOptions>, StaticSitesOptionsValidator>();
        services.AddSingleton<ContainerEdgeHost>();
        services.AddSingleton<ProcessEdgeHost>();
        services.AddSingleton<IStaticEdgeHost>(sp => sp.GetRequiredService<IOptions<StaticSitesOptions>>().Value.EdgeMode switch
        {
            StaticEdgeMode.Container => sp.GetRequiredService<ContainerEdgeHost>(),
            StaticEdgeMode.Process => sp.GetRequiredService<ProcessEdgeHost>(),
            _ => new ExternalEdgeHost(sp.GetRequiredService<DataDirectory>().Root),
        });
        services.AddSingleton<StaticEdgeStatus>();
        services.AddSingleton<StaticEdgeProblems>();
        services.AddScoped<StaticEdgeSync>();
        services.AddScoped<StaticSiteCatalog>();
        services.AddScoped<StaticReleases>();
        services.AddSingleton<ReleaseCompressor>();
        return services;
    }
}
