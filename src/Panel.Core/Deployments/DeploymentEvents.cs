using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Deployments;

/// <summary>A deployment changed status or step; <see cref="LiveChanged"/> when a service's live version moved.</summary>
public sealed record DeploymentChanged(Guid DeploymentId, Guid ServiceId, DeploymentStatus Status, string? Step, bool LiveChanged);

/// <summary>
/// Status changes of every deployment, for live pages and alerts. The lines of running deployments are in
/// <see cref="DeploymentLiveLogs"/>; a change of routes without a deployment is a <see cref="Routing.RouteChanged"/>.
/// Subscriptions are disposables; handlers must not block.
/// </summary>
public sealed class DeploymentEvents
{
    private readonly Notifier<DeploymentChanged> changes = new();

    public IDisposable Subscribe(Action<DeploymentChanged> handler) => changes.Subscribe(handler);

    public void Publish(DeploymentChanged change) => changes.Publish(change);
}
