using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Data.Embedded;

/// <summary>Stops the embedded cluster when the panel shuts down (registered first, so it stops last).</summary>
internal sealed partial class EmbeddedPostgresLifetime(EmbeddedPostgres cluster, ILogger<EmbeddedPostgresLifetime> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogRunning(cluster.ClusterPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cluster.Stop();
        LogStopped(cluster.ClusterPath);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Embedded PostgreSQL runs under {Path}")]
    private partial void LogRunning(string path);

    [LoggerMessage(LogLevel.Information, "Embedded PostgreSQL under {Path} stopped")]
    private partial void LogStopped(string path);
}
