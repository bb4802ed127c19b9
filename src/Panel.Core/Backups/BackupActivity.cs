using System.Collections.Concurrent;

namespace DropIt.Panel.Core.Backups;

/// <summary>What a backup, verification or restore is doing now: its phase, bytes so far and rate.</summary>
public sealed record BackupProgress(Guid RunId, Guid PolicyId, string Phase, long Bytes, double BytesPerSecond, bool Finished);

/// <summary>Live progress of backup work for the pages that show it; subscriptions are disposed by their pages.</summary>
public sealed class BackupActivity
{
    private readonly ConcurrentDictionary<Guid, BackupProgress> current = new();
    private readonly Lock gate = new();
    private Action<BackupProgress>[] handlers = [];

    /// <summary>The work in progress now, by run.</summary>
    public IReadOnlyCollection<BackupProgress> Current => current.Values.ToList();

    public BackupProgress? Of(Guid runId) => current.GetValueOrDefault(runId);

    public IDisposable Subscribe(Action<BackupProgress> handler)
    {
        lock (gate)
        {
            handlers = [.. handlers, handler];
        }

        return new Subscription(() =>
        {
            lock (gate)
            {
                handlers = handlers.Where(h => h != handler).ToArray();
            }
        });
    }

    public void Report(BackupProgress progress)
    {
        if (progress.Finished)
        {
            current.TryRemove(progress.RunId, out _);
        }
        else
        {
            current[progress.RunId] = progress;
        }

        foreach (var handler in handlers)
        {
            handler(progress);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
