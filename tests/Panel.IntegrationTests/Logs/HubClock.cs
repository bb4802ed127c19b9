using Microsoft.Extensions.Time.Testing;

namespace DropIt.Panel.IntegrationTests.Logs;

/// <summary>
/// The live log hub's clock in tests: its timers (the idle trim, the container listings) run on a
/// <see cref="FakeTimeProvider"/> that the test moves with <see cref="Advance"/>; the time it reads stays the real one,
/// since the hub compares it with the creation times of real containers.
/// </summary>
public sealed class HubClock : TimeProvider
{
    private readonly FakeTimeProvider timers = new(DateTimeOffset.UtcNow);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        timers.CreateTimer(callback, state, dueTime, period);

    /// <summary>Fires the hub's timers that are due within <paramref name="delta"/>, at once.</summary>
    public void Advance(TimeSpan delta) => timers.Advance(delta);
}
