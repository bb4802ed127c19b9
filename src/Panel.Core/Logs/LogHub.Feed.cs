using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Logs;

public sealed partial class LogHub
{
    /// <summary>The live log of one service: its subscribers, and one follow stream per running container.</summary>
    private sealed class LogFeed(LogHub hub, Guid serviceId)
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Lock followGate = new();
        private readonly Dictionary<string, Task> following = [];
        private readonly Dictionary<string, (CancellationTokenSource Stop, LogSource Source)> remote = [];
        private readonly HashSet<string> noted = [];
        private readonly Dictionary<string, DateTimeOffset> lastSeen = [];
        private readonly DateTimeOffset startedAt = hub.clock.GetUtcNow();
        private int stopped;

        public Guid ServiceId => serviceId;

        /// <summary>The pages following this log: they subscribe and leave under the hub's lock; a failing one is logged.</summary>
        public Notifier<LogLine> Viewers { get; } = new(e => hub.SubscriberFailed(serviceId, e));

        public void Start() => _ = Task.Run(() => WatchAsync(stop.Token));

        public void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0)
            {
                stop.Cancel();
            }
        }

        private async Task WatchAsync(CancellationToken cancellationToken)
        {
            string? name = null;
            var first = true;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        name ??= await hub.FindServiceNameAsync(serviceId, cancellationToken);
                        var sources = await ServiceContainers.ListAsync(hub.containers, hub.tasks, serviceId, name, runningOnly: true,
                            cancellationToken);
                        foreach (var source in sources.Where(s => s.Unreadable is not null))
                        {
                            Unreadable(source);
                        }

                        await CloseWhenNodeDownAsync(sources, cancellationToken);

                        lock (followGate)
                        {
                            foreach (var source in sources.Where(s => s.Unreadable is null && !following.ContainsKey(s.ContainerId)))
                            {
                                noted.Remove(source.ContainerId);
                                following[source.ContainerId] = FollowAsync(source, ParametersFor(source, first), Remote(source, cancellationToken));
                            }
                        }

                        first = false;
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        hub.ListFailed(serviceId, e);
                    }

                    await Task.Delay(PollInterval, hub.clock, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The last subscriber left.
            }
            finally
            {
                Task[] streams;
                lock (followGate)
                {
                    streams = [.. following.Values];
                }

                await Task.WhenAll(streams);
                stop.Dispose();
            }
        }

        // A task on another server is followed through the manager, which waits for that server: when the server goes
        // down, the listing says so and the stream is closed, once.
        private CancellationToken Remote(LogSource source, CancellationToken cancellationToken)
        {
            if (source.TaskId is null)
            {
                return cancellationToken;
            }

            var own = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            remote[source.ContainerId] = (own, source);
            return own.Token;
        }

        // When its server goes down, Swarm gives the task's slot to a new task and the old one leaves the listing, but
        // its stream through the manager stays open, waiting for that server: it is closed here, saying why.
        private async Task CloseWhenNodeDownAsync(IReadOnlyList<LogSource> sources, CancellationToken cancellationToken)
        {
            List<LogSource> missing;
            lock (followGate)
            {
                var listed = sources.Select(s => s.ContainerId).ToHashSet(StringComparer.Ordinal);
                missing = [.. remote.Values.Select(r => r.Source).Where(s => !listed.Contains(s.ContainerId))];
            }

            foreach (var source in missing.Where(s => s.NodeId is not null))
            {
                if (!await hub.tasks.NodeUpAsync(source.NodeId!, cancellationToken))
                {
                    Unreadable(source with { Unreadable = $"its server {source.Node} is down" });
                }
            }
        }

        private void Unreadable(LogSource source)
        {
            lock (followGate)
            {
                if (!noted.Add(source.ContainerId))
                {
                    return;
                }

                if (remote.TryGetValue(source.ContainerId, out var own))
                {
                    own.Stop.Cancel(); // Removed and disposed when its follow ends.
                }
            }

            Viewers.Publish(new LogLine(hub.clock.GetUtcNow(), source.Replica, LogStream.Stderr,
                $"[panel] The log of {source.Replica} on {source.Node} cannot be followed: {source.Unreadable}.") { Node = source.Node });
        }

        // Containers running when the feed starts: new lines only (pages read the tail themselves). Later ones:
        // from where this feed left them (a restarted container), else from their start.
        private ContainerLogRequest ParametersFor(LogSource source, bool first)
        {
            if (first)
            {
                return ContainerLogStream.Parameters(follow: true, "0", null, null);
            }

            var since = lastSeen.TryGetValue(source.ContainerId, out var seen)
                ? seen.AddTicks(1)
                : source.Created > startedAt ? source.Created : startedAt;
            return ContainerLogStream.Parameters(follow: true, "all", since, null);
        }

        private async Task FollowAsync(LogSource source, ContainerLogRequest parameters, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var reason = "the container stopped";
            try
            {
                using var logs = await ContainerLogStream.OpenAsync(hub.logs, hub.tasks, source, parameters, null, cancellationToken);
                Interlocked.Increment(ref hub.openStreams);
                try
                {
                    var lines = new List<LogLine>();
                    bool more;
                    do
                    {
                        more = await logs.ReadAsync(lines, cancellationToken);
                        Deliver(source.ContainerId, lines);
                        lines.Clear();
                    }
                    while (more);
                }
                finally
                {
                    Interlocked.Decrement(ref hub.openStreams);
                }
            }
            catch (Exception e)
            {
                // Gone (removed), the engine went away, or no one watches any more: the next listing decides again.
                reason = cancellationToken.IsCancellationRequested ? "no one watches it" : e.Message;
            }
            finally
            {
                lock (followGate)
                {
                    following.Remove(source.ContainerId);
                    if (remote.Remove(source.ContainerId, out var own))
                    {
                        own.Stop.Dispose();
                    }
                }

                hub.FollowEnded(source.ContainerId, reason);
            }
        }

        private void Deliver(string containerId, List<LogLine> lines)
        {
            if (lines.Count == 0)
            {
                return;
            }

            lock (followGate)
            {
                lastSeen[containerId] = lines[^1].Timestamp;
            }

            foreach (var line in lines)
            {
                Viewers.Publish(line);
            }
        }
    }
}
