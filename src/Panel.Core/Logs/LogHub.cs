using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Logs;

/// <summary>
/// Live logs of services. Each running container of a watched service has one Docker log stream (follow, from
/// now on), shared by every subscriber however many pages show it; it is closed when the last subscriber
/// leaves. Containers that start later (a new deployment, a replaced replica) are followed from their first line.
/// Replicas on other servers of a swarm are followed through the manager's task logs (decision 064); one whose server
/// is down gets one line that says so instead of a stream that would wait for it.
/// When nothing has been followed for <see cref="IdleTrimDelay"/>, it gives memory back (see <see cref="TrimWhenIdle"/>).
/// </summary>
public sealed partial class LogHub(IEngineContainers engineContainers, IContainerLogs engineLogs, ITaskLogs taskLogs, IServiceScopeFactory scopes,
    ILogger<LogHub> logger, TimeProvider timeProvider) : IDisposable
{
    /// <summary>How often the containers of a watched service are listed, to follow the ones that started.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long after the last subscriber left the memory is trimmed, unless a subscriber came back.</summary>
    public static readonly TimeSpan IdleTrimDelay = TimeSpan.FromSeconds(3);

    private readonly IEngineContainers containers = engineContainers;
    private readonly IContainerLogs logs = engineLogs;
    private readonly ITaskLogs tasks = taskLogs;
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, LogFeed> feeds = [];
    private readonly TimeProvider clock = timeProvider;
    private ITimer? idleTrim;
    private int openStreams;
    private int idleTrims;
    private bool disposed;

    /// <summary>Docker log streams open now.</summary>
    public int OpenStreams => Volatile.Read(ref openStreams);

    /// <summary>How many times the memory was trimmed after the last subscriber left.</summary>
    public int IdleTrims => Volatile.Read(ref idleTrims);

    /// <summary>Services with at least one subscriber.</summary>
    public int WatchedServices
    {
        get
        {
            lock (gate)
            {
                return feeds.Count;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="onLine"/> with every new line of the service's containers until the subscription is
    /// disposed. It is called from several threads, at once for different containers: it must only queue the line.
    /// </summary>
    public IDisposable Subscribe(Guid serviceId, Action<LogLine> onLine)
    {
        LogFeed? feed;
        IDisposable viewer;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!feeds.TryGetValue(serviceId, out feed))
            {
                feed = new LogFeed(this, serviceId);
                feeds[serviceId] = feed;
                feed.Start();
            }

            viewer = feed.Viewers.Subscribe(onLine);
        }

        return new Subscription(() => Leave(feed, viewer));
    }

    private void Leave(LogFeed feed, IDisposable viewer)
    {
        lock (gate)
        {
            viewer.Dispose();
            if (feed.Viewers.Count > 0)
            {
                return;
            }

            if (feeds.TryGetValue(feed.ServiceId, out var current) && current == feed)
            {
                feeds.Remove(feed.ServiceId);
            }

            if (feeds.Count == 0 && !disposed)
            {
                idleTrim ??= clock.CreateTimer(_ => TrimWhenIdle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                idleTrim.Change(IdleTrimDelay, Timeout.InfiniteTimeSpan);
            }
        }

        feed.Stop();
    }

    // Following logs grows the heap (the pages' lines and renders, the lines read from Docker) and the collector
    // keeps what it committed until a full collection, which an idle panel may not run for hours: a burst of log
    // viewing would hold that memory on a small server. Once nothing is followed, one aggressive collection gives
    // it back (a few tens of milliseconds, at most once per IdleTrimDelay).
    private void TrimWhenIdle()
    {
        lock (gate)
        {
            if (feeds.Count > 0 || disposed)
            {
                return;
            }
        }

        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref idleTrims);
        LogTrimmed(before / (1024 * 1024), GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024));
    }

    private async Task<string> FindServiceNameAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
        return await ServiceContainers.FindServiceNameAsync(db, serviceId, cancellationToken) ?? "service";
    }

    public void Dispose()
    {
        LogFeed[] all;
        lock (gate)
        {
            disposed = true;
            all = [.. feeds.Values];
            feeds.Clear();
        }

        idleTrim?.Dispose();

        foreach (var feed in all)
        {
            feed.Stop();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the containers of service {ServiceId} for its live logs failed")]
    private partial void ListFailed(Guid serviceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No live log is followed any more: the heap's committed memory went from {BeforeMb} MB to {AfterMb} MB")]
    private partial void LogTrimmed(long beforeMb, long afterMb);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The live log of container {ContainerId} ended: {Reason}")]
    private partial void FollowEnded(string containerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live log subscriber of service {ServiceId} failed on a line")]
    private partial void SubscriberFailed(Guid serviceId, Exception exception);

    private sealed class Subscription(Action leave) : IDisposable
    {
        private Action? leave = leave;

        public void Dispose() => Interlocked.Exchange(ref leave, null)?.Invoke();
    }
}
