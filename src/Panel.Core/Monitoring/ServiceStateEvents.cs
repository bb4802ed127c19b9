using System.Collections.Concurrent;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>What Docker says about a service's containers right now.</summary>
public enum ServiceEngineState
{
    /// <summary>At least one container runs and none reports unhealthy.</summary>
    Running,

    /// <summary>No container of the service runs.</summary>
    Stopped,

    /// <summary>Its containers keep crashing (see <see cref="MonitoringOptions.CrashLoopDeaths"/>) while it should run.</summary>
    CrashLoop,

    /// <summary>A container runs but its Docker health check fails.</summary>
    Unhealthy,
}

/// <summary>A service's engine state changed; <see cref="Detail"/> says why in words (exit code, count of crashes).</summary>
public sealed record ServiceStateChanged(Guid ServiceId, ServiceEngineState State, string? Detail);

/// <summary>
/// The in-process notifier of engine states, fed by Docker's event stream: pages subscribe to show a dying
/// container at once. Keeps each service's last state for pages opened later.
/// </summary>
public sealed class ServiceStateEvents
{
    private readonly Notifier<ServiceStateChanged> subscribers = new();
    private readonly ConcurrentDictionary<Guid, ServiceStateChanged> current = new();

    public IDisposable Subscribe(Action<ServiceStateChanged> handler) => subscribers.Subscribe(handler);

    /// <summary>The last state published for the service, or null when none was since the panel started.</summary>
    public ServiceStateChanged? Current(Guid serviceId) => current.GetValueOrDefault(serviceId);

    /// <summary>Every service with a known state.</summary>
    public IReadOnlyCollection<ServiceStateChanged> All => [.. current.Values];

    public void Publish(ServiceStateChanged change)
    {
        current[change.ServiceId] = change;
        subscribers.Publish(change);
    }

    /// <summary>Forgets a service (deleted); publishes nothing.</summary>
    public void Forget(Guid serviceId) => current.TryRemove(serviceId, out _);
}
