namespace DropIt.Panel.TestSupport;

/// <summary>The tests' poll helper: reads again until what a user would see holds, or fails with the last reading.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string expectation)
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
                throw new TimeoutException($"Expected {expectation} within {timeout.TotalSeconds:0} s; last seen:\n{value}");
            }

            await Task.Delay(250);
        }
    }
}
