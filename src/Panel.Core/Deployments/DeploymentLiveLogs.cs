using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The log lines of the deployments running in this panel, kept in memory for late viewers and handed to live ones
/// (<see cref="DeploymentLog"/> writes them; the file has them all). Handlers must not block.
/// </summary>
public sealed class DeploymentLiveLogs
{
    /// <summary>Lines kept in memory per running deployment for late viewers; the file has them all.</summary>
    public const int LiveLineLimit = 20_000;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, LiveLog> logs = [];

    /// <summary>
    /// The lines logged so far by a running deployment and every later one, without a gap or a repeat.
    /// Returns false when the deployment is not running here (read its log file instead).
    /// </summary>
    public bool TrySubscribe(Guid deploymentId, Action<string> onLine, out IReadOnlyList<string> linesSoFar,
        out IDisposable subscription)
    {
        lock (gate)
        {
            if (!logs.TryGetValue(deploymentId, out var log))
            {
                linesSoFar = [];
                subscription = NotFollowed.Instance;
                return false;
            }

            // Under the lock that also orders the lines: a line is either in linesSoFar or delivered, never both.
            linesSoFar = [.. log.Lines];
            subscription = log.Viewers.Subscribe(onLine);
            return true;
        }
    }

    internal void Start(Guid deploymentId)
    {
        lock (gate)
        {
            logs.TryAdd(deploymentId, new LiveLog());
        }
    }

    internal void Append(Guid deploymentId, string line)
    {
        Action deliver;
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

            deliver = log.Viewers.Prepare(line);
        }

        deliver();
    }

    internal void End(Guid deploymentId)
    {
        lock (gate)
        {
            logs.Remove(deploymentId);
        }
    }

    private sealed class NotFollowed : IDisposable
    {
        public static readonly NotFollowed Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class LiveLog
    {
        public Queue<string> Lines { get; } = new();
        public Notifier<string> Viewers { get; } = new();
    }
}
