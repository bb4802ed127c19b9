namespace DropIt.Panel.Core.Common;

/// <summary>
/// The panel's one notifier for live updates: handlers subscribe and get an <see cref="IDisposable"/> that ends the
/// subscription; <see cref="Publish"/> calls every handler subscribed at that moment, on the publisher's thread, so a
/// handler must not block (pages hand the value to <c>InvokeAsync</c>). A handler that throws never stops the others:
/// a viewer that went away (<see cref="ObjectDisposedException"/>, <see cref="InvalidOperationException"/>) is
/// skipped, and with <paramref name="onHandlerFailed"/> every failure is handed to it instead.
/// </summary>
/// <param name="onHandlerFailed">Receives any exception of a handler (for a log line); null: only a viewer that went away is skipped.</param>
public sealed class Notifier<T>(Action<Exception>? onHandlerFailed = null)
{
    private readonly Lock gate = new();

    // Replaced, never changed in place: publishing reads a snapshot without taking the lock.
    private Action<T>[] handlers = [];

    /// <summary>Handlers subscribed now.</summary>
    public int Count => Volatile.Read(ref handlers).Length;

    public IDisposable Subscribe(Action<T> handler)
    {
        lock (gate)
        {
            handlers = [.. handlers, handler];
        }

        return new Subscription(() => Remove(handler));
    }

    public void Publish(T value) => Deliver(Volatile.Read(ref handlers), value);

    /// <summary>
    /// Takes the handlers subscribed now and returns what calls them with <paramref name="value"/>: taken under a
    /// caller's lock that also guards its subscriptions and run after it, a value reaches exactly the handlers that
    /// subscribed before it, without calling them under that lock.
    /// </summary>
    public Action Prepare(T value)
    {
        var current = Volatile.Read(ref handlers);
        return () => Deliver(current, value);
    }

    private void Remove(Action<T> handler)
    {
        lock (gate)
        {
            var index = Array.IndexOf(handlers, handler);
            if (index >= 0)
            {
                handlers = [.. handlers[..index], .. handlers[(index + 1)..]];
            }
        }
    }

    private void Deliver(Action<T>[] current, T value)
    {
        foreach (var handler in current)
        {
            try
            {
                handler(value);
            }
            catch (Exception e) when (onHandlerFailed is not null)
            {
                onHandlerFailed(e);
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
