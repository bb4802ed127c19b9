using System.Globalization;
using Docker.DotNet.Models;

namespace DropIt.Panel.Core.Docker;

/// <summary>The event stream through the Engine API.</summary>
public sealed class EngineEvents(DockerEngine engine) : IEngineEvents
{
    public Task PingAsync(CancellationToken cancellationToken) => engine.Client.System.PingAsync(cancellationToken);

    public Task FollowContainersAsync(long since, string label, IReadOnlyList<string> actions, Action<EngineEvent> onEvent,
        CancellationToken cancellationToken) =>
        engine.Client.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Since = since.ToString(CultureInfo.InvariantCulture),
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [label] = true },
                ["event"] = actions.ToDictionary(e => e, _ => true),
            },
        }, new SyncProgress<Message>(m => onEvent(EventOf(m))), cancellationToken);

    internal static EngineEvent EventOf(Message message) =>
        new(message.TimeNano ?? (message.Time ?? 0) * 1_000_000_000, message.Actor?.ID ?? "", message.Action ?? "",
            message.Actor?.Attributes is { } attributes ? new Dictionary<string, string>(attributes) : new Dictionary<string, string>());
}
