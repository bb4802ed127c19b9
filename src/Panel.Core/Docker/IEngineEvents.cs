namespace DropIt.Panel.Core.Docker;

/// <summary>The engine's event stream.</summary>
public interface IEngineEvents
{
    /// <summary>Returns when the engine answers; throws what reaching it failed with otherwise.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Hands every event of a container carrying <paramref name="label"/> whose action is one of <paramref name="actions"/>,
    /// from <paramref name="since"/> (Unix seconds) on, to <paramref name="onEvent"/> on the stream's reading thread, until
    /// cancelled or the stream breaks (it throws then).
    /// </summary>
    Task FollowContainersAsync(long since, string label, IReadOnlyList<string> actions, Action<EngineEvent> onEvent,
        CancellationToken cancellationToken);
}

/// <summary>
/// One event of a container: when (Unix nanoseconds, 0 when the engine did not say), the container, the action
/// (<c>die</c>, <c>health_status: healthy</c>...) and the attributes (the container's labels, <c>exitCode</c>, <c>signal</c>).
/// </summary>
public sealed record EngineEvent(long TimeNano, string ContainerId, string Action, IReadOnlyDictionary<string, string> Attributes);
