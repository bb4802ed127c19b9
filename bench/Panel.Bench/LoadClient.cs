using System.Diagnostics;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>
/// Steady HTTP load from a busybox container on the service network. The container sends
/// <c>GET /index.html</c> about every 40 ms to the host and port in <c>/bench/upstream</c>, re-read before each
/// request, and appends one line per request to <c>/bench/results</c>: <c>ok &lt;version&gt;</c> or
/// <c>failed &lt;host&gt; &lt;status line&gt;</c>. The bench rewrites <c>/bench/upstream</c> every 500 ms from an
/// upstream source (the panel's API, or the Traefik file it generates), as Traefik would pick up a route change.
/// </summary>
internal sealed class LoadClient : IAsyncDisposable
{
    private const string Script = """
        while [ ! -e /bench/stop ]; do
          read host port < /bench/upstream
          (
            r=$(printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc -w 2 "$host" "$port" 2>/dev/null)
            case "$r" in
              "HTTP/1."?" 200"*) v=${r##*version }; echo "ok ${v%%<*}" ;;
              *) set -- $r; echo "failed $host $1 $2" ;;
            esac >> /bench/results
          ) &
          sleep 0.04
        done
        wait
        """;

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly Func<Task<Uri?>> upstreamSource;
    private readonly string folder;
    private readonly CancellationTokenSource stopping = new();
    private readonly Stopwatch clock = new();
    private Task refresher = Task.CompletedTask;

    private LoadClient(Func<Task<Uri?>> upstreamSource, string folder, string container)
    {
        this.upstreamSource = upstreamSource;
        this.folder = folder;
        Container = container;
    }

    public string Container { get; }

    /// <summary>How long the load has run, from the container's start to the stop request.</summary>
    public TimeSpan Duration => clock.Elapsed;

    /// <summary>Upstream reads that failed (no answer, no upstream, or a file not as expected); the file then keeps its last value.</summary>
    public int FailedRefreshes { get; private set; }

    /// <summary>Starts the load; the upstream source is read every 500 ms (null: none, the file keeps its last value).</summary>
    public static async Task<LoadClient> StartAsync(Func<Task<Uri?>> upstreamSource, string network, Teardown teardown)
    {
        var folder = Directory.CreateTempSubdirectory("dropit-bench-load-").FullName;
        teardown.AddFolder(folder);
        var client = new LoadClient(upstreamSource, folder, $"dropit-bench-load-{Guid.NewGuid():N}"[..32]);
        if (!await client.RefreshAsync())
        {
            throw new InvalidOperationException("The service has no live upstream to send load to.");
        }

        teardown.AddContainer(client.Container);
        await Command.DockerAsync("run", "-d", "--name", client.Container, "--network", network,
            "-v", $"{folder}:/bench", TestImages.Busybox, "sh", "-c", Script);
        client.clock.Start();
        client.refresher = client.KeepRefreshingAsync(client.stopping.Token);
        return client;
    }

    /// <summary>Waits until the client has answers (the first requests can race the container's network set-up).</summary>
    public async Task WaitAnsweringAsync(int answers, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (ReadResults().Count(l => l.StartsWith("ok ", StringComparison.Ordinal)) < answers)
        {
            if (deadline.Elapsed > timeout)
            {
                var seen = ReadResults();
                throw new TimeoutException($"The load client had {seen.Count} results and fewer than {answers} answers after " +
                    $"{timeout.TotalSeconds:0} s; last: {seen.LastOrDefault() ?? "none"}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Asks the loop to stop, waits for its last requests, and returns one line per request.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "stop"), "");
        clock.Stop();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Command.RunAsync(TestImages.DockerCli, ["wait", Container], cancellationToken: timeout.Token);
        await stopping.CancelAsync();
        await refresher;
        return ReadResults();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await refresher;
        stopping.Dispose();
    }

    private List<string> ReadResults()
    {
        var path = Path.Combine(folder, "results");
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];
    }

    private async Task KeepRefreshingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RefreshInterval, cancellationToken);
                if (!await RefreshAsync())
                {
                    FailedRefreshes++;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                FailedRefreshes++;
            }
        }
    }

    /// <summary>Writes the upstream as "host port" (write then rename, so the loop never reads half a file).</summary>
    private async Task<bool> RefreshAsync()
    {
        if (await upstreamSource() is not { } upstream)
        {
            return false;
        }

        var temporary = Path.Combine(folder, "upstream.tmp");
        await File.WriteAllTextAsync(temporary, $"{upstream.Host} {upstream.Port}\n");
        File.Move(temporary, Path.Combine(folder, "upstream"), overwrite: true);
        return true;
    }
}
