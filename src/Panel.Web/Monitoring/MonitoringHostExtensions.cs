namespace DropIt.Panel.Web.Monitoring;

/// <summary>The background loops of monitoring: container and host stats, and Docker's event stream.</summary>
public static class MonitoringHostExtensions
{
    public static IServiceCollection AddPanelMonitoringHost(this IServiceCollection services)
    {
        services.AddHostedService<StatsCollectorService>();
        services.AddHostedService<EngineEventWatcherService>();
        return services;
    }
}
