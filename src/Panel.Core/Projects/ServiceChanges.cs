using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Projects;

/// <summary>
/// A service changed without a deployment: its status moved between Running and Failed (its containers crashed or
/// came back), or, when <see cref="Removed"/>, it was deleted.
/// </summary>
public sealed record ServiceChanged(Guid ServiceId, bool Removed);

/// <summary>
/// Announces <see cref="ServiceChanged"/> to the pages that show a service, so they read it again. A deployment's own
/// changes go through <see cref="Deployments.DeploymentEvents"/> and a change of routes through
/// <see cref="Routing.RouteChanges"/>. Subscriptions are disposables; handlers must not block.
/// </summary>
public sealed class ServiceChanges
{
    private readonly Notifier<ServiceChanged> changes = new();

    public IDisposable Subscribe(Action<ServiceChanged> handler) => changes.Subscribe(handler);

    /// <summary>The service's status moved (Running ↔ Failed) from what its containers do.</summary>
    public void PublishStatus(Guid serviceId) => changes.Publish(new ServiceChanged(serviceId, Removed: false));

    /// <summary>The service was deleted.</summary>
    public void PublishRemoved(Guid serviceId) => changes.Publish(new ServiceChanged(serviceId, Removed: true));
}
