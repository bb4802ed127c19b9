using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Monitoring;

/// <summary>Runs the panel's one <see cref="StatsCollector"/> loop for the life of the process.</summary>
internal sealed class StatsCollectorService(StatsCollector collector, IOptions<MonitoringOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? collector.RunAsync(stoppingToken) : Task.CompletedTask;
}
