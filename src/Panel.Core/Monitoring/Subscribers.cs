namespace DropIt.Panel.Core.Monitoring;

/// <summary>Handlers of a live notifier: subscriptions are disposables; a viewer that went away is skipped.</summary>
internal sealed class Subscribers<T>
{
    private readonly Lock gate = new();
    private readonly List<Action<T>> handlers = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return handlers.Count;
            }
        }
    }

    public IDisposable Add(Action<T> handler)
    {
        lock (gate)
        {
            handlers.Add(handler);
        }

        return new Subscription(() =>
        {
            lock (gate)
            {
                handlers.Remove(handler);
            }
        });
    }

    public void Publish(T value)
    {
        Action<T>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                handler(value);
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // A viewer that went away while being notified.
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
