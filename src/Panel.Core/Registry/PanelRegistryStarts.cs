using DropIt.Panel.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Registry;

/// <summary>
/// Runs the start of the panel's registry in the background (it takes up to <see cref="RegistryOptions.StartTimeoutSeconds"/>),
/// one at a time, and tells the Settings card each time its state changes.
/// </summary>
public sealed partial class PanelRegistryStarts(IServiceScopeFactory scopes, ILogger<PanelRegistryStarts> logger) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private int running;

    /// <summary>Published when a start began (Starting) and when it ended (Ready or Failed).</summary>
    public Notifier<PanelRegistryState> Changes { get; } = new();

    public bool Running => Volatile.Read(ref running) == 1;

    /// <summary>Prepares the start (quick checks, state Starting) and runs the rest in the background.</summary>
    public async Task<Outcome<bool>> StartAsync(PanelRegistryRunner runner, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref running, 1, 0) == 1)
        {
            return Outcome<bool>.Conflict("The panel's registry is being started already: wait for it to be ready or to fail.");
        }

        try
        {
            var prepared = await runner.PrepareAsync(cancellationToken);
            if (!prepared.Succeeded)
            {
                Volatile.Write(ref running, 0);
                return prepared.Failed<bool>();
            }

            Changes.Publish(PanelRegistryState.Starting);
            _ = Task.Run(() => RunAsync(prepared.Value!), CancellationToken.None);
            return Outcome<bool>.Ok(true);
        }
        catch (Exception e) when (e is Docker.EngineException or HttpRequestException or IOException)
        {
            Volatile.Write(ref running, 0);
            return Outcome<bool>.Conflict($"The Docker engine did not answer ({e.Message}): check that it runs, then start the registry again.");
        }
        catch
        {
            Volatile.Write(ref running, 0);
            throw;
        }
    }

    private async Task RunAsync(string nodeId)
    {
        var state = PanelRegistryState.Failed;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            state = await scope.ServiceProvider.GetRequiredService<PanelRegistryRunner>().RunAsync(nodeId, stopping.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCrashed(logger, e);
        }
        finally
        {
            Volatile.Write(ref running, 0);
            Changes.Publish(state);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Starting the panel's registry stopped unexpectedly")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
