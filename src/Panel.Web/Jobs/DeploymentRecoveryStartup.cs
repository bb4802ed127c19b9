using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;

namespace DropIt.Panel.Web.Jobs;

/// <summary>
/// Runs <see cref="DeploymentRecovery"/> once at start-up, after the migrations and before the job server
/// picks up work, then puts back the firewall rules of the databases' external ports and fails the backups a stopped panel left running. A Docker engine that does not
/// answer is logged, never fatal.
/// </summary>
internal sealed partial class DeploymentRecoveryStartup(IServiceScopeFactory scopes, ILogger<DeploymentRecoveryStartup> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DeploymentRecovery>().RecoverAsync(timeout.Token);
            await scope.ServiceProvider.GetRequiredService<DatabaseFirewall>().RestoreAsync(timeout.Token);
            await scope.ServiceProvider.GetRequiredService<BackupRecovery>().RecoverAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for interrupted deployments at start-up; they are checked at the next start")]
    private partial void LogFailed(Exception exception);
}
