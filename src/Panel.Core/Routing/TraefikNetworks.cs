using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// Traefik's container on the networks of the projects that have routed applications, and on no other project network
/// (decision 030): it joins before their routes are written and leaves once their last route is gone. Best effort: a
/// Docker error is logged and the routes are written all the same.
/// </summary>
public sealed partial class TraefikNetworks(
    INetworkOperations networks, IOptions<TraefikOptions> traefik, IOptions<DockerOptions> docker, ILogger<TraefikNetworks> logger)
{
    private int missingLogged;

    private string Container => traefik.Value.ContainerName;

    /// <summary>Joins the existing networks of <paramref name="projects"/> (a project not moved yet is reached on the proxy network).</summary>
    public async Task JoinAsync(IReadOnlyCollection<Guid> projects, CancellationToken cancellationToken)
    {
        try
        {
            if (await CurrentAsync(cancellationToken) is not { } current)
            {
                return;
            }

            foreach (var name in projects.Select(NetworkOf).Where(n => !current.Contains(n)))
            {
                if (await networks.FindAsync(name, cancellationToken) is not null)
                {
                    await networks.ConnectAsync(Container, name, cancellationToken);
                    LogJoined(Container, name);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, Container);
        }
    }

    /// <summary>Leaves every project network of this panel but those of <paramref name="projects"/>.</summary>
    public async Task LeaveOthersAsync(IReadOnlyCollection<Guid> projects, CancellationToken cancellationToken)
    {
        try
        {
            if (await CurrentAsync(cancellationToken) is not { } current)
            {
                return;
            }

            var keep = projects.Select(NetworkOf).ToHashSet(StringComparer.Ordinal);
            foreach (var name in current.Where(n => ProjectNetworkNames.IsProjectNetwork(docker.Value.Network, n) && !keep.Contains(n)))
            {
                await networks.DisconnectAsync(Container, name, cancellationToken);
                LogLeft(Container, name);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, Container);
        }
    }

    private string NetworkOf(Guid projectId) => ProjectNetworkNames.For(docker.Value.Network, projectId);

    private async Task<HashSet<string>?> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = await networks.ContainerNetworksAsync(Container, cancellationToken);
        if (current is null)
        {
            if (Interlocked.Exchange(ref missingLogged, 1) == 0)
            {
                LogNoContainer(Container);
            }

            return null;
        }

        return current.ToHashSet(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Traefik's container {Container} joined the project network {Network}")]
    private partial void LogJoined(string container, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Traefik's container {Container} left the project network {Network}: no routed service is left there")]
    private partial void LogLeft(string container, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "There is no container {Container} (Traefik:ContainerName): Traefik joins no project network. Expected when the panel runs without its compose stack")]
    private partial void LogNoContainer(string container);

    [LoggerMessage(Level = LogLevel.Error, Message = "Traefik's container {Container} could not be moved to the networks of the routed projects; routes to moved services may answer 502 until the next reconciliation")]
    private partial void LogFailed(Exception exception, string container);
}
