using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>Registers the stats collector, the engine event watcher's logic, disk usage and their options.</summary>
public static class MonitoringServiceCollectionExtensions
{
    public static IServiceCollection AddPanelMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>();
        services.AddOptions<NodeAgentOptions>().BindConfiguration(NodeAgentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeAgentOptions>, NodeAgentOptionsValidator>();
        services.AddSingleton<NodeAgent>();
        services.AddSingleton<StatsCollector>();
        services.AddSingleton<DiskUsage>();
        services.AddSingleton<PanelMetrics>();
        services.AddSingleton<ServiceStateEvents>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MonitoringOptions>>().Value;
            return new CrashLoopRule(options.CrashLoopDeaths, TimeSpan.FromMinutes(options.CrashLoopWindowMinutes));
        });
        services.AddSingleton<ContainerLifecycle>();
        services.AddSingleton<OomKills>();
        services.AddSingleton<ServiceStateEvaluator>();
        services.AddSingleton<EngineEventWatcher>();
        return services;
    }
}
