using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// The alert loops for the life of the process: listens to deployments and engine states, says the panel started,
/// checks disk, certificates and backups on a timer, groups, and delivers.
/// </summary>
public sealed class AlertsBackground(AlertDispatcher dispatcher, AlertPostman postman, DeploymentEvents deployments,
    ServiceStateEvents states, OomKills ooms, IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider clock,
    ILogger<AlertsBackground> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var deploymentSubscription = deployments.Subscribe(change =>
        {
            if (change.Status is DeploymentStatus.Failed or DeploymentStatus.Succeeded)
            {
                dispatcher.Notice(new DeploymentEnded(change.DeploymentId, change.ServiceId, change.Status));
            }
        });
        using var stateSubscription = states.Subscribe(dispatcher.Notice);
        using var oomSubscription = ooms.Subscribe(dispatcher.Notice);
        dispatcher.Raise(new AlertEvent(AlertEventKinds.PanelRestarted, null, null, null, "DropIt Panel started",
            $"The panel started at {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC. After an upgrade or a planned restart there is "
            + "nothing to do; otherwise read the panel's own log (docker logs of the panel container) for why it stopped.",
            "/", clock.GetUtcNow()) { Key = "panel" });
        await Task.WhenAll(dispatcher.RunAsync(stoppingToken), postman.RunAsync(stoppingToken), CheckAsync(stoppingToken));
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        var backupsSince = new Ref<DateTimeOffset>(clock.GetUtcNow());
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CheckSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (raise, resolve) = await scope.ServiceProvider.GetRequiredService<AlertChecks>().RunAsync(backupsSince, stoppingToken);
                resolve.ForEach(dispatcher.Resolve);
                raise.ForEach(dispatcher.Raise);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                AlertLog.LoopFailed(logger, "checks", e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
