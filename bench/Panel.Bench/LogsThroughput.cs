using System.Diagnostics;
using System.Globalization;

namespace DropIt.Panel.Bench;

/// <summary>
/// One burst: <see cref="Total"/> lines written by one container as fast as it can, followed by one page. Lines a
/// second: the lines the page received over the time from the first to the last of them appearing in it.
/// </summary>
internal sealed record ThroughputRun(int Run, int Total, LogsCounter Counter, string? LastLine,
    (DateTimeOffset First, DateTimeOffset Last)? Written, bool Complete)
{
    /// <summary>How the last line written starts.</summary>
    public string LastWritten => LogsContainers.BurstLine(Total);

    public bool LastLineShown => LastLine?.StartsWith(LastWritten, StringComparison.Ordinal) == true;

    public long Lost => Total - Counter.Received;

    public double? LinesPerSecond => Counter.FirstToLast is { TotalMilliseconds: > 0 } time ? Counter.Received / time.TotalSeconds : null;

    /// <summary>From Docker's stamp of the last line to the page showing it (same host, same clock).</summary>
    public TimeSpan? LastLineLag => Written is { } written && Counter.Last is { } shown
        ? TimeSpan.FromMilliseconds(shown - written.Last.ToUnixTimeMilliseconds())
        : null;
}

/// <summary>
/// The throughput runs: for each, a fresh page follows the service (no container, so an empty view), then a container
/// writes <c>total</c> numbered lines at full speed; the page is read until it counted them all, or until nothing new
/// came for <see cref="StallTimeout"/>. The page and the container go before the next run.
/// </summary>
internal static class LogsThroughput
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstLineTimeout = TimeSpan.FromSeconds(LogsContainers.BurstDelaySeconds + 30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastLineTimeout = TimeSpan.FromSeconds(3);

    public static async Task<List<ThroughputRun>> RunAsync(LogsBrowser browser, LogsContainers containers, Guid serviceId,
        int runs, int total)
    {
        var results = new List<ThroughputRun>();
        for (var run = 1; run <= runs; run++)
        {
            var page = await browser.OpenLogsAsync(serviceId);
            var name = $"dropit-bench-logs-burst-{run}-{Guid.NewGuid().ToString("N")[..8]}";
            try
            {
                await page.ResetAsync();
                await containers.StartAsync(serviceId, name, LogsContainers.Burst(total));
                var (counter, complete) = await WaitAsync(page, total);
                var lastLine = await page.WaitLastLineAsync(LogsContainers.BurstLine(total), LastLineTimeout);
                var written = await LogsContainers.WrittenAsync(name);
                var result = new ThroughputRun(run, total, counter, lastLine, written, complete);
                results.Add(result);
                Console.WriteLine(Describe(result));
            }
            finally
            {
                await page.CloseAsync();
                await containers.RemoveAsync(name);
            }
        }

        return results;
    }

    private static async Task<(LogsCounter Counter, bool Complete)> WaitAsync(LogsPage page, int total)
    {
        var clock = Stopwatch.StartNew();
        var lastChange = clock.Elapsed;
        var counter = await page.ReadAsync();
        while (counter.Received < total)
        {
            await Task.Delay(Poll);
            var next = await page.ReadAsync();
            if (next.Received != counter.Received)
            {
                lastChange = clock.Elapsed;
            }

            counter = next;
            var stalled = counter.Received == 0 ? clock.Elapsed > FirstLineTimeout : clock.Elapsed - lastChange > StallTimeout;
            if (stalled)
            {
                return (counter, false);
            }
        }

        return (counter, true);
    }

    private static string Describe(ThroughputRun r)
    {
        var c = r.Counter;
        var rate = r.LinesPerSecond is { } perSecond
            ? string.Create(CultureInfo.InvariantCulture, $"first to last {c.FirstToLast!.Value.TotalSeconds:0.00} s = {perSecond:N0} lines/s")
            : "no time span (fewer than two updates)";
        var written = r.Written is { } w
            ? string.Create(CultureInfo.InvariantCulture, $"; the container wrote them in {(w.Last - w.First).TotalSeconds:0.00} s (Docker's stamps)")
            : "";
        var lag = r.LastLineLag is { } l ? string.Create(CultureInfo.InvariantCulture, $", counted {l.TotalSeconds:0.00} s after Docker stamped the last one") : "";
        var end = r.LastLineShown ? "" : string.Create(CultureInfo.InvariantCulture,
            $" (NOT \"{r.LastWritten}\": the view did not show the end within {LastLineTimeout.TotalSeconds:0} s)");
        var stopped = r.Complete ? "" : $" (STOPPED: nothing new for {StallTimeout.TotalSeconds:0} s)";
        return string.Create(CultureInfo.InvariantCulture,
            $"  run {r.Run}: {c.Received:N0} of {r.Total:N0} lines in the page{stopped}, {rate}; {c.Updates} updates, the first " +
            $"with {c.FirstBatch:N0} lines; lost {r.Lost:N0}, dropped by the view {c.Dropped:N0}{written}{lag}; last line shown: \"{r.LastLine}\"{end}");
    }
}
