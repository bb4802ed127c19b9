using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Monitoring;

/// <summary>Follows Docker's event stream (<see cref="EngineEventWatcher"/>) for the life of the process.</summary>
internal sealed class EngineEventWatcherService(EngineEventWatcher watcher, IOptions<MonitoringOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? watcher.RunAsync(stoppingToken) : Task.CompletedTask;
}
