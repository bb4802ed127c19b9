using System.Net.Sockets;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.StaticSites.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Routing;

/// <summary>
/// The panel's one view of what serves its routes: Traefik's ping endpoint, the dynamic folder, the static edge.
/// Checked every <see cref="TraefikOptions.StatusSeconds"/> and on demand; the last result is kept and every new
/// one is handed to the pages that subscribed, so their chips change without a reload.
/// </summary>
public sealed partial class ProxyStatusMonitor(
    IOptions<TraefikOptions> options,
    DataDirectory data,
    StaticEdgeProbe edge,
    TimeProvider clock,
    ILogger<ProxyStatusMonitor> logger) : IDisposable
{
    private readonly Notifier<ProxyStatus> subscribers = new();
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        UseProxy = false,
        AllowAutoRedirect = false,
    }) { Timeout = TimeSpan.FromSeconds(5) };

    private ProxyStatus? current;

    public TimeSpan Period => TimeSpan.FromSeconds(options.Value.StatusSeconds);

    /// <summary>The last check, or null before the first one ended.</summary>
    public ProxyStatus? Current => Volatile.Read(ref current);

    public IDisposable Subscribe(Action<ProxyStatus> handler) => subscribers.Subscribe(handler);

    /// <summary>The last check, or a new one when none was made yet.</summary>
    public async Task<ProxyStatus> GetAsync(CancellationToken cancellationToken) => Current ?? await CheckAsync(cancellationToken);

    /// <summary>Checks everything now, keeps the result and hands it to every subscriber.</summary>
    public async Task<ProxyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var ping = PingAsync(cancellationToken);
            var edgeState = edge.CheckAsync(cancellationToken);
            var status = new ProxyStatus(await ping, DynamicFolder(), await edgeState, clock.GetUtcNow());
            var previous = Interlocked.Exchange(ref current, status);
            if (previous?.Traefik.State != status.Traefik.State && status.Traefik.State == ProbeState.Down)
            {
                LogTraefikDown(status.Traefik.Detail);
            }

            subscribers.Publish(status);
            return status;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>Checks at once, then every <see cref="Period"/> until stopped.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<TraefikPing> PingAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.PingUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            return new TraefikPing(ProbeState.NotChecked, null, "not checked: Traefik:PingUrl is empty");
        }

        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (response.IsSuccessStatusCode && body == "OK")
            {
                return new TraefikPing(ProbeState.Up, url, "answers OK");
            }

            var shown = body.Length > 60 ? body[..60] + "…" : body;
            return new TraefikPing(ProbeState.Down, url,
                $"{url} answered {(int)response.StatusCode} \"{shown}\", not Traefik's \"OK\": check Traefik:PingUrl");
        }
        catch (HttpRequestException e)
        {
            return new TraefikPing(ProbeState.Down, url, $"unreachable at {url}: {Reason(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TraefikPing(ProbeState.Down, url, $"unreachable at {url}: no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    private static string Reason(HttpRequestException e) => (e.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
            "the name does not resolve (is Traefik running, on the panel's network?)",
        SocketError.ConnectionRefused => "connection refused (Traefik is not running, or ping is not on this port: --ping=true uses the traefik entry point, :8080)",
        SocketError.TimedOut => "the connection timed out",
        _ => e.Message,
    };

    private DynamicFolderState DynamicFolder()
    {
        var path = data.TraefikDynamic;
        if (!Directory.Exists(path))
        {
            return new DynamicFolderState(path, false, false, 0, null, "the folder does not exist yet: the panel creates it with the first route");
        }

        try
        {
            var files = Directory.GetFiles(path, "*.yml").Select(f => new FileInfo(f)).ToList();
            DateTimeOffset? lastWrite = files.Count == 0 ? null : new DateTimeOffset(files.Max(f => f.LastWriteTimeUtc), TimeSpan.Zero);
            var writeError = FolderAccess.WriteProblem(path);
            return new DynamicFolderState(path, true, writeError is null, files.Count, lastWrite, writeError);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DynamicFolderState(path, true, false, 0, null, e.Message);
        }
    }

    public void Dispose()
    {
        http.Dispose();
        oneAtATime.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Traefik does not answer its ping: {Detail}")]
    private partial void LogTraefikDown(string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The proxy status check failed")]
    private partial void LogCheckFailed(Exception exception);
}
