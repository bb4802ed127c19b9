namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// Counts the crashes of each service's containers: a container that died on its own (not stopped by Docker, Swarm
/// or the panel with SIGTERM). <see cref="MonitoringOptions.CrashLoopDeaths"/> of them within the window is a crash loop.
/// Memory is bounded: only the crashes inside the window are kept, at most a few times the threshold.
/// </summary>
public sealed class CrashLoopRule(int deaths, TimeSpan window)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Queue<Crash>> crashes = [];

    /// <summary>One crash of a container of a deployment (null: a container without a deployment label).</summary>
    public sealed record Crash(DateTimeOffset At, Guid? DeploymentId, string? ExitCode);

    public int Threshold => deaths;

    public TimeSpan Window => window;

    public void Record(Guid serviceId, Crash crash)
    {
        lock (gate)
        {
            if (!crashes.TryGetValue(serviceId, out var queue))
            {
                crashes[serviceId] = queue = new Queue<Crash>();
            }

            queue.Enqueue(crash);
            Prune(queue, crash.At);
            while (queue.Count > deaths * 4)
            {
                queue.Dequeue();
            }
        }
    }

    /// <summary>
    /// The crashes within the window before <paramref name="now"/>, newest last. With a live deployment, only its
    /// containers (and unlabelled ones) count: a new version failing its health check is not the service crashing.
    /// </summary>
    public IReadOnlyList<Crash> Recent(Guid serviceId, DateTimeOffset now, Guid? liveDeploymentId)
    {
        lock (gate)
        {
            if (!crashes.TryGetValue(serviceId, out var queue))
            {
                return [];
            }

            Prune(queue, now);
            if (queue.Count == 0)
            {
                crashes.Remove(serviceId);
            }

            return queue.Where(c => liveDeploymentId is null || c.DeploymentId is null || c.DeploymentId == liveDeploymentId).ToList();
        }
    }

    public bool IsCrashLooping(Guid serviceId, DateTimeOffset now, Guid? liveDeploymentId) =>
        Recent(serviceId, now, liveDeploymentId).Count >= deaths;

    public void Forget(Guid serviceId)
    {
        lock (gate)
        {
            crashes.Remove(serviceId);
        }
    }

    private void Prune(Queue<Crash> queue, DateTimeOffset now)
    {
        while (queue.TryPeek(out var oldest) && oldest.At < now - window)
        {
            queue.Dequeue();
        }
    }
}
