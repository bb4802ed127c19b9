using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.Core.StaticSites;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// Runs <see cref="RoutingReconciler"/> at start-up, after every <see cref="RouteChanged"/> (a domain, a certificate,
/// a static release, a service deleted) and every change of a live version (a service deployed, started or stopped), coalesced, and on a timer, so
/// a reboot or a lost file never loses a route; then the static edge's nginx.conf the same way
/// (<see cref="StaticEdgeSync"/>), which also restarts an edge that stopped (an edge that cannot run is logged once per
/// distinct reason by <see cref="StaticEdgeStatus"/>, not at every pass). A deployment does not rely on it: it awaits
/// its own route before the previous version goes (decision 028).
/// </summary>
public sealed partial class RoutingSync(
    IServiceScopeFactory scopes,
    DeploymentEvents deployments,
    RouteChanges routes,
    IOptions<TraefikOptions> options,
    ILogger<RoutingSync> logger) : BackgroundService
{
    private readonly SemaphoreSlim changed = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var liveChanges = deployments.Subscribe(change =>
        {
            if (change.LiveChanged)
            {
                Request();
            }
        });
        using var routeChanges = routes.Subscribe(_ => Request());
        var period = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await ReconcileAsync(stoppingToken);
            try
            {
                await changed.WaitAsync(period, stoppingToken);
                await Task.Delay(100, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Asks for a pass soon; requests made while one is pending are one pass.</summary>
    private void Request()
    {
        if (changed.CurrentCount > 0)
        {
            return;
        }

        try
        {
            changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reconciliation is already pending.
        }
    }

    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var summary = await scope.ServiceProvider.GetRequiredService<RoutingReconciler>().ReconcileAsync(stoppingToken);
            if (summary.Written.Count > 0 || summary.Removed.Count > 0)
            {
                LogReconciled(summary.Written.Count, summary.Removed.Count);
            }

            foreach (var refused in summary.Refused)
            {
                LogRefused(refused.FileName, refused.Reason);
            }
        }
        catch (Exception e) when (e is RoutingConfigException or IOException or UnauthorizedAccessException
            or InvalidOperationException)
        {
            LogFailed(e);
        }

        await ApplyStaticEdgeAsync(stoppingToken);
    }

    private async Task ApplyStaticEdgeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StaticEdgeSync>().ApplyAsync(stoppingToken);
        }
        catch (StaticEdgeException)
        {
            // StaticEdgeStatus logged it, once per distinct problem; the next pass tries again.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEdgeFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Traefik configuration updated: {Written} file(s) written, {Removed} removed")]
    private partial void LogReconciled(int written, int removed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Traefik file {FileName} was not written and stays as it was: {Reason}")]
    private partial void LogRefused(string fileName, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not update the static edge; the configuration in place keeps serving")]
    private partial void LogEdgeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not update the Traefik configuration; the files in place stay as they were")]
    private partial void LogFailed(Exception exception);
}
