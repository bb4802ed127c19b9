using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Settings;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>The panel's own settings: its domain, the dashboard, networks, the certificate authority.</summary>
    public static IServiceCollection AddPanelSettings(this IServiceCollection services)
    {
        services.AddScoped<PanelSettingsService>();
        services.AddScoped<CertificateSettingsService>();
        return services;
    }
}
