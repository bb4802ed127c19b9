namespace DropIt.Panel.TestSupport;

/// <summary>
/// The tests' one poll helper: reads again until what a user would see holds, or fails with the last reading. Tests wait
/// with it instead of sleeping: it returns as soon as the condition holds.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads until <paramref name="condition"/> holds for the value read; returns that value.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string expectation,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {expectation} within {timeout.TotalSeconds:0.#} s; last seen:\n{value}");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Checks until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation, TimeSpan? interval = null) =>
        MatchesAsync(condition, holds => holds, timeout, expectation, interval);

    /// <summary>Checks an in-process state (a counter, a queue) every 50 ms until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string expectation) =>
        MatchesAsync(() => Task.FromResult(condition()), holds => holds, timeout, expectation, TimeSpan.FromMilliseconds(50));
}
