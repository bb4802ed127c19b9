using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Logs;

public static class LogsServiceCollectionExtensions
{
    /// <summary>Service logs: <see cref="ServiceLogs"/> reads them, <see cref="LogHub"/> follows them live.</summary>
    public static IServiceCollection AddPanelLogs(this IServiceCollection services)
    {
        services.AddScoped<ServiceLogs>();
        services.AddSingleton<LogHub>();
        return services;
    }
}
