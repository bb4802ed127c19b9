using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DropIt.Panel.Bench;

/// <summary>The panel's RSS before the pages opened and during the window, and what each page received in it.</summary>
internal sealed record LogsMemoryFigures(MemoryReading Baseline, IReadOnlyList<MemoryReading> During, MemoryReading After,
    IReadOnlyList<LogsCounter> Pages, TimeSpan Window, int LinesPerSecond, int StreamsFollowing, int StreamsAfter)
{
    public MemoryReading Peak => During.MaxBy(r => r.RssMb)!;

    public double MedianMb => RssSamples.Median(During.Select(r => r.RssMb));
}

/// <summary>
/// The memory run: one chatty container per service (about <c>perSecond</c> lines a second each), then one page per
/// service following it; once all follow, the panel's RSS is read every <see cref="Interval"/> for the window.
/// Then the pages close, the containers go, and the RSS is read again <see cref="Settle"/> later.
/// </summary>
internal static class LogsMemory
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<LogsMemoryFigures> RunAsync(LogsBrowser browser, LogsContainers containers, LogsContext context,
        int pages, int perSecond, TimeSpan window)
    {
        var pid = context.Panel.Id;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var baseline = Median(await SampleAsync(pid, TimeSpan.FromSeconds(3)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  RSS before the pages: {baseline.RssMb:0.0} MB ({baseline.Split}). Starting {pages} containers, then {pages} pages."));

        var names = new List<string>();
        var open = new List<LogsPage>();
        try
        {
            for (var i = 0; i < pages; i++)
            {
                names.Add(await containers.StartAsync(context.Services[i], $"dropit-bench-logs-chatty-{i + 1:00}-{Guid.NewGuid().ToString("N")[..8]}",
                    LogsContainers.Chatty(perSecond)));
            }

            foreach (var service in context.Services.Take(pages))
            {
                open.Add(await browser.OpenLogsAsync(service));
            }

            // Every feed has listed its container and opened its stream by now.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var page in open)
            {
                await page.ResetAsync();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {pages} pages follow; RSS every {Interval.TotalMilliseconds:0} ms for {window.TotalSeconds:0} s..."));
            var during = await SampleAsync(pid, window);
            var streamsFollowing = await OpenLogStreamsAsync(context.Api);
            var counters = new List<LogsCounter>();
            foreach (var page in open)
            {
                counters.Add(await page.ReadAsync());
            }

            var elapsed = clock.Elapsed;
            await CloseAsync(open, names, containers);
            await Task.Delay(Settle);
            var after = Median(await SampleAsync(pid, TimeSpan.FromSeconds(2)));
            return new LogsMemoryFigures(baseline, during, after, counters, elapsed, perSecond, streamsFollowing,
                await OpenLogStreamsAsync(context.Api));
        }
        finally
        {
            await CloseAsync(open, names, containers);
        }
    }

    private static async Task CloseAsync(List<LogsPage> open, List<string> names, LogsContainers containers)
    {
        foreach (var page in open)
        {
            await page.CloseAsync();
        }

        open.Clear();
        foreach (var name in names)
        {
            await containers.RemoveAsync(name);
        }

        names.Clear();
    }

    // The panel's own count of open Docker log streams (GET /api/server/stats).
    private static async Task<int> OpenLogStreamsAsync(HttpClient api)
    {
        var stats = await api.GetFromJsonAsync<JsonElement>("/api/server/stats");
        return stats.GetProperty("logStreams").GetProperty("open").GetInt32();
    }

    private static async Task<List<MemoryReading>> SampleAsync(int pid, TimeSpan duration)
    {
        var readings = new List<MemoryReading> { MemoryReading.Read(pid) };
        using var timer = new PeriodicTimer(Interval);
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end && await timer.WaitForNextTickAsync())
        {
            readings.Add(MemoryReading.Read(pid));
        }

        return readings;
    }

    private static MemoryReading Median(List<MemoryReading> readings) =>
        readings.OrderBy(r => r.RssMb).ElementAt(readings.Count / 2);
}
