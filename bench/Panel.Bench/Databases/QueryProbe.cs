using System.Globalization;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Databases;

/// <summary>One attempt of the probe: when Docker stamped its line (the attempt had just ended), and why it failed.</summary>
internal sealed record ProbeAttempt(DateTimeOffset At, bool Ok, string Reason);

/// <summary>
/// A client of the database as a linked application is one: a container on the panel's network that reaches it by
/// its service name. It runs <c>SELECT 1</c> on a new connection (DNS, TCP, password authentication, query) in a loop with
/// a 20 ms pause, and prints one line per attempt; Docker's own log timestamps say when each attempt ended.
/// </summary>
internal sealed class QueryProbe(string container)
{
    private const string Script = """
        while [ ! -e /tmp/stop ]; do
            if psql "$URL" -X -q -tA -c "SELECT 1" >/dev/null 2>/tmp/err; then
                echo ok
            else
                echo "fail $(head -c 160 /tmp/err | tr '\n' ' ')"
            fi
            sleep 0.02
        done
        """;

    public static async Task<QueryProbe> StartAsync(string url, Teardown teardown)
    {
        var container = $"dropit-bench-probe-{Guid.NewGuid():N}"[..32];
        teardown.Add($"container {container}", async () => await Command.TryDockerAsync("rm", "-f", container));
        await Command.DockerAsync("run", "-d", "--name", container, "--network", DatabaseSetup.Network, "-e", $"URL={url}",
            "-e", "PGCONNECT_TIMEOUT=2", "--entrypoint", "sh", DatabaseImages.Postgres15, "-c", Script);
        return new QueryProbe(container);
    }

    /// <summary>Every attempt so far, in order.</summary>
    public async Task<List<ProbeAttempt>> ReadAsync()
    {
        var output = await Command.DockerAsync("logs", "-t", container);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>Waits until an attempt that ended after <paramref name="after"/> succeeded.</summary>
    public async Task WaitAnsweredAfterAsync(DateTimeOffset after, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!(await ReadAsync()).Any(a => a.Ok && a.At > after))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                var last = (await ReadAsync()).LastOrDefault();
                throw new TimeoutException($"The probe got no answer from the database for {timeout.TotalSeconds:0} s; last attempt: {last}");
            }

            await Task.Delay(200);
        }
    }

    public async Task StopAsync() => await Command.DockerAsync("exec", container, "touch", "/tmp/stop");

    /// <summary>A line of <c>docker logs -t</c>: "2026-12-07T05:30:00.123456789Z ok".</summary>
    private static ProbeAttempt Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var (at, text) = (ParseTimestamp(line[..space]), line[(space + 1)..].Trim());
        return text == "ok" ? new ProbeAttempt(at, true, "") : new ProbeAttempt(at, false, Classify(text));
    }

    /// <summary>Docker's UTC timestamps carry 9 decimals; .NET reads 7.</summary>
    public static DateTimeOffset ParseTimestamp(string stamp)
    {
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && stamp.EndsWith('Z') && stamp.Length - dot - 2 > 7)
        {
            stamp = stamp[..(dot + 8)] + "Z";
        }

        return DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Names what the client met: the name gone from the network's DNS, the port closed, or the server itself refusing.</summary>
    private static string Classify(string text) => text switch
    {
        _ when text.Contains("could not translate host name", StringComparison.Ordinal) => "name not resolved",
        _ when text.Contains("Connection refused", StringComparison.Ordinal) => "connection refused",
        _ when text.Contains("shutting down", StringComparison.Ordinal) => "server shutting down",
        _ when text.Contains("starting up", StringComparison.Ordinal) => "server starting up",
        _ when text.Contains("timeout", StringComparison.OrdinalIgnoreCase) => "connect timeout",
        _ => text.Length > 80 ? text[5..80] : text[Math.Min(5, text.Length)..],
    };
}
