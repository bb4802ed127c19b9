using DropIt.Panel.Core.Routing;

namespace DropIt.Panel.Web.Routing;

/// <summary>Runs the panel's one <see cref="ProxyStatusMonitor"/> loop (Traefik's ping, the dynamic folder, the static edge).</summary>
internal sealed class ProxyStatusService(ProxyStatusMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => monitor.RunAsync(stoppingToken);
}
