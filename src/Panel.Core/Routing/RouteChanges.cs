using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// The routes of a service changed without a deployment (a domain, a certificate, a static release, a service deleted);
/// <see cref="ServiceId"/> is null for the panel's own routes (its domain, the dashboard, their certificate).
/// </summary>
public sealed record RouteChanged(Guid? ServiceId);

/// <summary>
/// Announces <see cref="RouteChanged"/>: <see cref="RoutingSync"/> reconciles Traefik's files and the static edge
/// soon after (coalesced), and live pages read the routes again. A deployment does not go through here: it awaits
/// its own route (decision 028). Subscriptions are disposables; handlers must not block.
/// </summary>
public sealed class RouteChanges
{
    private readonly Notifier<RouteChanged> changes = new();

    public IDisposable Subscribe(Action<RouteChanged> handler) => changes.Subscribe(handler);

    /// <summary>The routes of <paramref name="serviceId"/> changed.</summary>
    public void Publish(Guid serviceId) => changes.Publish(new RouteChanged(serviceId));

    /// <summary>The panel's own routes changed (its domain, the dashboard or their certificate).</summary>
    public void PublishPanel() => changes.Publish(new RouteChanged(null));
}
