using System.Globalization;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// Busybox containers that print numbered lines, labelled as replicas of a service (<c>dropit.managed</c>,
/// <c>dropit.service</c>), so the panel follows them as it follows a deployed replica. Every one started is removed
/// by <see cref="RemoveAllAsync"/>.
/// </summary>
internal sealed class LogsContainers
{
    /// <summary>
    /// A burst waits this long before its first line: the panel lists a watched service's containers every 2 s, so
    /// its log stream is open before the lines come, and they are followed live rather than read back.
    /// </summary>
    public const int BurstDelaySeconds = 4;

    private readonly HashSet<string> started = [];

    /// <summary>How line <paramref name="number"/> of a burst starts.</summary>
    public static string BurstLine(int number) => string.Create(CultureInfo.InvariantCulture, $"line {number:0000000} ");

    /// <summary><paramref name="total"/> lines (<c>line 0000001 ...</c>) as fast as awk writes them, then idle.</summary>
    public static string Burst(int total) => string.Create(CultureInfo.InvariantCulture,
        $"sleep {BurstDelaySeconds}; awk 'BEGIN {{ for (i = 1; i <= {total}; i++) printf \"line %07d lorem ipsum dolor sit amet, consectetur\\n\", i }}'; exec sleep 3600");

    /// <summary>
    /// <paramref name="perSecond"/> lines a second on average, written about 10 times a second: each time, the lines due
    /// since the start by <c>/proc/uptime</c> (hundredths of a second), so the time awk and sleep take is made up.
    /// </summary>
    public static string Chatty(int perSecond) => string.Create(CultureInfo.InvariantCulture,
        $"read up _ < /proc/uptime; start=${{up%.*}}${{up#*.}}; n=0; while true; do read up _ < /proc/uptime; " +
        $"due=$(( (${{up%.*}}${{up#*.}} - start) * {perSecond} / 100 )); if [ $due -gt $n ]; then " +
        $"awk -v s=$n -v e=$due 'BEGIN {{ for (k = s + 1; k <= e; k++) printf \"line %07d GET /api/orders 200 12ms user=42 request=%08x\\n\", k, k }}'; " +
        $"n=$due; fi; sleep 0.1; done");

    /// <summary>Starts a container of <paramref name="serviceId"/> running <paramref name="script"/>; returns its name.</summary>
    public async Task<string> StartAsync(Guid serviceId, string name, string script)
    {
        started.Add(name);
        await Command.DockerAsync("run", "-d", "--name", name, "--label", $"{EngineLabels.Managed}=true",
            "--label", $"{EngineLabels.Service}={serviceId}", "--log-driver", "json-file", TestImages.Busybox, "sh", "-c", script);
        return name;
    }

    public async Task RemoveAsync(string name)
    {
        await Command.DockerAsync("rm", "-f", name);
        started.Remove(name);
    }

    /// <summary>Removes every container still there; says which could not be.</summary>
    public async Task RemoveAllAsync()
    {
        foreach (var name in started.ToList())
        {
            var removed = await Command.TryDockerAsync("rm", "-f", name);
            if (!removed.Succeeded && !removed.Error.Contains("No such container", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"Cleanup: could not remove container {name}: {Command.Tail(removed.Error)}");
            }

            started.Remove(name);
        }
    }

    /// <summary>When the container wrote its first and its last line, as Docker stamped them; null when it wrote none.</summary>
    public static async Task<(DateTimeOffset First, DateTimeOffset Last)?> WrittenAsync(string name)
    {
        var first = await Command.RunAsync("sh", ["-c", $"{TestImages.DockerCli} logs --timestamps \"$1\" 2>&1 | head -n 1", "sh", name]);
        var last = await Command.TryDockerAsync("logs", "--timestamps", "--tail", "1", name);
        return Stamp(first.Output) is { } from && Stamp(last.Output) is { } to ? (from, to) : null;
    }

    /// <summary>The RFC 3339 time (nanoseconds) that starts a <c>docker logs --timestamps</c> line.</summary>
    private static DateTimeOffset? Stamp(string line)
    {
        var text = line.Split(' ', 2)[0].Trim();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && text.EndsWith('Z'))
        {
            // .NET reads at most 7 digits of a second.
            var fraction = text[(dot + 1)..^1];
            text = text[..(dot + 1)] + fraction[..Math.Min(7, fraction.Length)] + "Z";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }
}
