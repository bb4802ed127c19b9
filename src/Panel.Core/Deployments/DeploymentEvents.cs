namespace DropIt.Panel.Core.Deployments;

/// <summary>A deployment changed status or step; <see cref="LiveChanged"/> when a service's live version moved.</summary>
public sealed record DeploymentChanged(Guid DeploymentId, Guid ServiceId, DeploymentStatus Status, string? Step, bool LiveChanged);

/// <summary>
/// The in-process notifier behind live pages: status changes of every deployment, and the log lines of
/// the deployments that are running. Subscriptions are disposables; handlers must not block.
/// </summary>
public sealed class DeploymentEvents
{
    /// <summary>Lines kept in memory per running deployment for late viewers; the file has them all.</summary>
    public const int LiveLineLimit = 20_000;

    private readonly Lock gate = new();
    private readonly List<Action<DeploymentChanged>> changeHandlers = [];
    private readonly Dictionary<Guid, LiveLog> logs = [];

    public IDisposable Subscribe(Action<DeploymentChanged> handler)
    {
        lock (gate)
        {
            changeHandlers.Add(handler);
        }

        return new Subscription(() =>
        {
            lock (gate)
            {
                changeHandlers.Remove(handler);
            }
        });
    }

    public void Publish(DeploymentChanged change)
    {
        Action<DeploymentChanged>[] handlers;
        lock (gate)
        {
            handlers = [.. changeHandlers];
        }

        foreach (var handler in handlers)
        {
            Safe(() => handler(change));
        }
    }

    /// <summary>A service's routes changed (a domain added or removed) without a deployment.</summary>
    public void PublishRoutesChanged(Guid serviceId) =>
        Publish(new DeploymentChanged(Guid.Empty, serviceId, DeploymentStatus.Succeeded, null, LiveChanged: true));

    /// <summary>
    /// The lines logged so far by a running deployment and every later one, without a gap or a repeat.
    /// Returns false when the deployment is not running here (read its log file instead).
    /// </summary>
    public bool TrySubscribeLog(Guid deploymentId, Action<string> onLine, out IReadOnlyList<string> linesSoFar,
        out IDisposable subscription)
    {
        lock (gate)
        {
            if (!logs.TryGetValue(deploymentId, out var log))
            {
                linesSoFar = [];
                subscription = new Subscription(() => { });
                return false;
            }

            linesSoFar = [.. log.Lines];
            log.Handlers.Add(onLine);
            subscription = new Subscription(() =>
            {
                lock (gate)
                {
                    log.Handlers.Remove(onLine);
                }
            });
            return true;
        }
    }

    internal void StartLog(Guid deploymentId)
    {
        lock (gate)
        {
            logs.TryAdd(deploymentId, new LiveLog());
        }
    }

    internal void AppendLog(Guid deploymentId, string line)
    {
        Action<string>[] handlers;
        lock (gate)
        {
            if (!logs.TryGetValue(deploymentId, out var log))
            {
                return;
            }

            log.Lines.Enqueue(line);
            if (log.Lines.Count > LiveLineLimit)
            {
                log.Lines.Dequeue();
            }

            handlers = [.. log.Handlers];
        }

        foreach (var handler in handlers)
        {
            Safe(() => handler(line));
        }
    }

    internal void EndLog(Guid deploymentId)
    {
        lock (gate)
        {
            logs.Remove(deploymentId);
        }
    }

    private static void Safe(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // A viewer that went away while being notified.
        }
    }

    private sealed class LiveLog
    {
        public Queue<string> Lines { get; } = new();
        public List<Action<string>> Handlers { get; } = [];
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
