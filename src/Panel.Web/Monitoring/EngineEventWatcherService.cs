using DropIt.Panel.Core.Monitoring;

namespace DropIt.Panel.Web.Monitoring;

/// <summary>Follows Docker's event stream (<see cref="EngineEventWatcher"/>) for the life of the process.</summary>
internal sealed class EngineEventWatcherService(EngineEventWatcher watcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}
