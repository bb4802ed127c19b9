using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// Live view of the servers for the pages that show them: while someone watches, the swarm is read again at once on
/// every node event of the engine and at least every <see cref="Period"/> (Swarm reports no event when a task moves), and
/// a new <see cref="ClusterView"/> is handed out when what a viewer sees changed. Nobody watching, nothing is read.
/// </summary>
public sealed partial class ServerWatch(IServiceScopeFactory scopes, INodeOperations nodes, ILogger<ServerWatch> logger) : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly Notifier<ClusterView> views = new();
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Lock gate = new();
    private CancellationTokenSource? running;
    private string? lastFingerprint;

    /// <summary>Calls <paramref name="handler"/> with each new view (on a background thread; hand it to <c>InvokeAsync</c>).</summary>
    public IDisposable Subscribe(Action<ClusterView> handler)
    {
        var subscription = views.Subscribe(handler);
        lock (gate)
        {
            if (running is null)
            {
                running = new CancellationTokenSource();
                var token = running.Token;
                _ = Task.Run(() => WatchAsync(token), CancellationToken.None);
                _ = Task.Run(() => FollowEventsAsync(token), CancellationToken.None);
            }
        }

        return new Unsubscribe(() =>
        {
            subscription.Dispose();
            lock (gate)
            {
                if (views.Count == 0 && running is not null)
                {
                    running.Cancel();
                    running.Dispose();
                    running = null;
                }
            }
        });
    }

    /// <summary>Hands a view read after a change (by the catalog) to every viewer at once, without waiting for the next read.</summary>
    public void Publish(ClusterView view)
    {
        Volatile.Write(ref lastFingerprint, view.Fingerprint());
        views.Publish(view);
    }

    /// <summary>Reads the swarm again now.</summary>
    public void Refresh()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another refresh is pending already.
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using (var scope = scopes.CreateScope())
                {
                    var view = await scope.ServiceProvider.GetRequiredService<ServerCatalog>().ReadAsync(cancellationToken);
                    if (view.Fingerprint() != Volatile.Read(ref lastFingerprint))
                    {
                        Publish(view);
                    }
                }

                await wake.WaitAsync(Period, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogReadFailed(e);
                await Task.Delay(Period, CancellationToken.None);
            }
        }
    }

    private async Task FollowEventsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await nodes.FollowNodeEventsAsync(_ => Refresh(), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (EngineErrors.IsEngineFailure(e) || e is OperationCanceledException)
            {
                // The polling goes on; the stream is tried again after a pause.
                await Task.Delay(Period * 5, CancellationToken.None);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            running?.Cancel();
            running?.Dispose();
            running = null;
        }

        wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the swarm's servers for the live view failed")]
    private partial void LogReadFailed(Exception exception);

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
