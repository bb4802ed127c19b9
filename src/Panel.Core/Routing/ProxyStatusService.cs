using Microsoft.Extensions.Hosting;

namespace DropIt.Panel.Core.Routing;

/// <summary>Runs the panel's one <see cref="ProxyStatusMonitor"/> loop (Traefik's ping, the dynamic folder, the static edge).</summary>
public sealed class ProxyStatusService(ProxyStatusMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => monitor.RunAsync(stoppingToken);
}
