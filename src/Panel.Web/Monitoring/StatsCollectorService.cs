using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Web.Monitoring;

/// <summary>Runs the panel's one <see cref="StatsCollector"/> loop for the life of the process.</summary>
internal sealed class StatsCollectorService(StatsCollector collector) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => collector.RunAsync(stoppingToken);
}
