namespace DropIt.Panel.Bench;

/// <summary>The resident memory (<c>VmRSS</c>, MB of 1024 × 1024 bytes) of a process, read at a steady interval.</summary>
internal static class RssSamples
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Readings every <see cref="Interval"/> for <paramref name="duration"/>.</summary>
    public static async Task<List<double>> ForAsync(int pid, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        return await UntilAsync(pid, stop.Token);
    }

    /// <summary>Readings every <see cref="Interval"/>, one at once and one more when <paramref name="stop"/> is cancelled.</summary>
    public static async Task<List<double>> UntilAsync(int pid, CancellationToken stop)
    {
        var samples = new List<double> { MemoryReading.Read(pid).RssMb };
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                samples.Add(MemoryReading.Read(pid).RssMb);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the last reading below.
        }

        samples.Add(MemoryReading.Read(pid).RssMb);
        return samples;
    }

    public static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
