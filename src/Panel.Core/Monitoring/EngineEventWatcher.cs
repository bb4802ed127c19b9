using System.Net.Sockets;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// Follows Docker's event stream for the panel's containers (start, die, kill, oom, health, destroy), counts
/// crashes, and has each touched service re-evaluated (<see cref="ServiceStateEvaluator"/>) within a moment.
/// When the daemon goes away it reconnects with backoff, logging once per outage, and catches up from where it was.
/// </summary>
public sealed partial class EngineEventWatcher(
    DockerEngine engine,
    ServiceStateEvaluator evaluator,
    ServiceStateEvents states,
    CrashLoopRule crashes,
    ContainerLifecycle lifecycle,
    TimeProvider clock,
    ILogger<EngineEventWatcher> logger)
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Channel<Guid> touched = Channel.CreateBounded<Guid>(new BoundedChannelOptions(4096)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });
    private long lastEventNanos;

    /// <summary>True while the event stream is connected.</summary>
    public bool Connected { get; private set; }

    /// <summary>Follows events and evaluates services until cancelled; never throws for an unreachable daemon.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var evaluating = EvaluateLoopAsync(cancellationToken);
        var sweeping = SweepLoopAsync(cancellationToken);
        await FollowAsync(cancellationToken);
        await Task.WhenAll(evaluating, sweeping);
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var outage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset? connectedAt = null;
            try
            {
                await engine.Client.System.PingAsync(cancellationToken);
                if (outage)
                {
                    LogReconnected();
                    outage = false;
                }

                var since = lastEventNanos > 0 ? lastEventNanos / 1_000_000_000 : clock.GetUtcNow().ToUnixTimeSeconds();
                await SweepAllAsync(cancellationToken);
                (Connected, connectedAt) = (true, clock.GetUtcNow());
                await engine.Client.System.MonitorEventsAsync(Parameters(since), new SyncProgress<Message>(OnEvent), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException
                or TimeoutException or OperationCanceledException)
            {
                if (!outage)
                {
                    LogLost(e.Message);
                    outage = true;
                }
            }
            finally
            {
                Connected = false;
            }

            // Only a stream that held for a while resets the backoff: one that fails at once is retried ever more slowly.
            if (connectedAt is { } connected && clock.GetUtcNow() - connected >= TimeSpan.FromSeconds(10))
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(backoff, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        touched.Writer.TryComplete();
    }

    private static ContainerEventsParameters Parameters(long since) => new()
    {
        Since = since.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["type"] = new Dictionary<string, bool> { ["container"] = true },
            ["label"] = new Dictionary<string, bool> { [$"{EngineLabels.Managed}=true"] = true },
            ["event"] = new[] { "start", "die", "kill", "oom", "health_status", "destroy" }.ToDictionary(e => e, _ => true),
        },
    };

    /// <summary>Called on the stream's reading thread: only bookkeeping here, the evaluation runs on its own loop.</summary>
    internal void OnEvent(Message message)
    {
        if (message.TimeNano != 0 && message.TimeNano <= lastEventNanos)
        {
            return; // Replayed after a reconnection: already counted.
        }

        lastEventNanos = Math.Max(lastEventNanos, message.TimeNano);
        var attributes = message.Actor?.Attributes;
        if (ContainerSampler.ServiceOf(attributes) is not { } serviceId)
        {
            return;
        }

        var containerId = message.Actor?.ID ?? message.ID ?? "";
        var at = message.TimeNano > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(message.TimeNano / 1_000_000) : clock.GetUtcNow();
        var action = (message.Action ?? message.Status ?? "").Split(':')[0].Trim();
        switch (action)
        {
            case "start":
                lifecycle.Started(containerId, at);
                break;
            case "kill":
                lifecycle.Killed(containerId, Attribute(attributes, "signal"), at);
                break;
            case "die":
                var exitCode = Attribute(attributes, "exitCode");
                if (!lifecycle.WasStopped(containerId, at) && exitCode is not (null or "0"))
                {
                    var deployment = Guid.TryParse(Attribute(attributes, EngineLabels.Deployment), out var d) ? d : (Guid?)null;
                    crashes.Record(serviceId, new CrashLoopRule.Crash(at, deployment, exitCode));
                }

                lifecycle.Died(containerId, at);
                break;
            case "health_status":
                lifecycle.HealthChanged(containerId, (message.Action ?? "").Split(':').ElementAtOrDefault(1)?.Trim() ?? "", at);
                break;
            case "destroy":
                lifecycle.Destroyed(containerId);
                break;
        }

        touched.Writer.TryWrite(serviceId);
    }

    private static string? Attribute(IDictionary<string, string>? attributes, string key) =>
        attributes is not null && attributes.TryGetValue(key, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost Docker's event stream ({Reason}); reconnecting with backoff, container states may lag meanwhile")]
    private partial void LogLost(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following Docker's event stream again")]
    private partial void LogReconnected();
}
