namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// What Docker's event stream said about each panel container lately: asked to stop (a kill with a stop signal,
/// as <c>docker stop</c>, Swarm and the panel send; a bare SIGKILL is not one), exited, its health. The engine
/// reports a container as running for a moment after its die event, so the evaluation trusts these first.
/// Entries untouched for ten minutes are dropped, so memory stays bounded.
/// </summary>
public sealed class ContainerLifecycle
{
    private static readonly TimeSpan StopMemory = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> containers = [];

    public void Killed(string containerId, string? signal, DateTimeOffset at)
    {
        if (signal is null or "9" or "SIGKILL" or "KILL")
        {
            return;
        }

        Update(containerId, at, e => e with { StopRequestedAt = at });
    }

    public void Started(string containerId, DateTimeOffset at) =>
        Update(containerId, at, e => e with { Exited = false, StopRequestedAt = null, Health = null });

    public void Died(string containerId, DateTimeOffset at) => Update(containerId, at, e => e with { Exited = true, Health = null });

    /// <summary>healthy, unhealthy or starting.</summary>
    public void HealthChanged(string containerId, string status, DateTimeOffset at) => Update(containerId, at, e => e with { Health = status });

    public void Destroyed(string containerId)
    {
        lock (gate)
        {
            containers.Remove(containerId);
        }
    }

    /// <summary>True when a stop was requested shortly before <paramref name="at"/>: its death is not a crash.</summary>
    public bool WasStopped(string containerId, DateTimeOffset at)
    {
        lock (gate)
        {
            return containers.TryGetValue(containerId, out var e) && e.StopRequestedAt is { } when && when >= at - StopMemory;
        }
    }

    /// <summary>True when the container died and did not start again since.</summary>
    public bool HasExited(string containerId)
    {
        lock (gate)
        {
            return containers.TryGetValue(containerId, out var e) && e.Exited;
        }
    }

    /// <summary>The last health status an event reported since the container started, or null.</summary>
    public string? Health(string containerId)
    {
        lock (gate)
        {
            return containers.TryGetValue(containerId, out var e) ? e.Health : null;
        }
    }

    private void Update(string containerId, DateTimeOffset at, Func<Entry, Entry> change)
    {
        lock (gate)
        {
            var entry = containers.TryGetValue(containerId, out var e) ? e : new Entry(at, null, false, null);
            containers[containerId] = change(entry) with { TouchedAt = at };
            foreach (var old in containers.Where(c => c.Value.TouchedAt < at - Retention).Select(c => c.Key).ToList())
            {
                containers.Remove(old);
            }
        }
    }

    private sealed record Entry(DateTimeOffset TouchedAt, DateTimeOffset? StopRequestedAt, bool Exited, string? Health);
}
