using System.Globalization;
using DropIt.Panel.Core.Common;
using Microsoft.Playwright;

namespace DropIt.Panel.Bench;

/// <summary>
/// Mode "logs": live logs delivered to a real browser (Debian's Chromium through Playwright, signed in through the
/// form). First the panel's RSS while 10 pages each follow one of 10 chatty services (about 500 lines a second each)
/// for 60 s; then 3 bursts of 300,000 numbered lines written at full speed by one container, each followed by a fresh
/// page: lines a second into the page and lines lost. <c>--only memory|throughput</c> runs one part; <c>--rate N</c> sets
/// the chatty services' lines a second (<c>--rate 0</c>: the same pages and streams with quiet containers, the panel's
/// memory without the log traffic). Prints a report;
/// exits 0 whatever the figures, 1 when it could not measure (Docker, Chromium or the panel did not answer).
/// </summary>
internal static class LogsBench
{
    private const int Runs = 3, BurstLines = 300_000, Pages = 10, ChattyLinesPerSecond = 500;
    private const string Usage = "Usage: dotnet run --project bench/Panel.Bench -c Release -- logs [--only memory|throughput] [--rate N]";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var only, out var rate))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var teardown = new Teardown();
        LogsContext? context = null;
        try
        {
            Console.WriteLine("Starting PostgreSQL, the panel and Chromium...");
            context = await LogsSetup.StartAsync(Pages, teardown);
            var containers = new LogsContainers();
            teardown.Add("log containers", containers.RemoveAllAsync);
            var browser = await LogsBrowser.StartAsync(context.Panel.BaseAddress);
            teardown.Add("Chromium", async () => await browser.DisposeAsync());
            await browser.SignInAsync(BenchPanel.AdminEmail, BenchPanel.AdminPassword);

            LogsMemoryFigures? memory = null;
            if (only is "" or "memory")
            {
                Console.WriteLine(Text($"1. Memory: {Pages} pages, each following a service whose container writes about {rate} lines/s"));
                memory = await LogsMemory.RunAsync(browser, containers, context, Pages, rate, Window);
            }

            List<ThroughputRun>? throughput = null;
            if (only is "" or "throughput")
            {
                Console.WriteLine(Text($"2. Throughput: {Runs} runs, {BurstLines:N0} lines written at full speed, one page following"));
                throughput = await LogsThroughput.RunAsync(browser, containers, context.Services[0], Runs, BurstLines);
            }

            Console.WriteLine();
            LogsReport.Print(throughput, memory);
            Console.WriteLine(Text($"Machine: {Environment.ProcessorCount} cores, 1-minute load average {LoadAverage()} at the end; ") +
                "the panel, Chromium and the containers share them.");
            Console.WriteLine("command: dotnet run --project bench/Panel.Bench -c Release -- logs" + (args.Length == 0 ? "" : " " + string.Join(' ', args)));
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
            or TaskCanceledException or PanelStartupException or PlaywrightException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            if (context is not null)
            {
                await Console.Error.WriteLineAsync($"Last lines of the panel's output:\n{context.Panel.OutputTail()}");
            }

            return 1;
        }
        finally
        {
            Console.WriteLine("Closing Chromium, removing the containers, stopping the panel, removing the cluster and the temporary folders...");
            await teardown.RunAsync();
        }
    }

    private static bool TryParse(string[] args, out string only, out int rate)
    {
        (only, rate) = ("", ChattyLinesPerSecond);
        for (var i = 0; i < args.Length; i += 2)
        {
            switch (args[i..])
            {
                case ["--only", "memory" or "throughput", ..]:
                    only = args[i + 1];
                    break;
                case ["--rate", var value, ..] when int.TryParse(value, CultureInfo.InvariantCulture, out rate) && rate >= 0:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
