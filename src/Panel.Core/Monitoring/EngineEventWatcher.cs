using System.Threading.Channels;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// Follows Docker's event stream for the panel's containers (start, die, kill, oom, health, destroy), counts
/// crashes, and has each touched service re-evaluated (<see cref="ServiceStateEvaluator"/>) within a moment.
/// When the daemon goes away it reconnects with backoff, logging once per outage, and catches up from where it was.
/// </summary>
public sealed partial class EngineEventWatcher(
    IEngineEvents engine,
    IEngineContainers containers,
    ServiceStateEvaluator evaluator,
    ServiceStateEvents states,
    CrashLoopRule crashes,
    ContainerLifecycle lifecycle,
    OomKills ooms,
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
                await engine.PingAsync(cancellationToken);
                if (outage)
                {
                    LogReconnected();
                    outage = false;
                }

                var since = lastEventNanos > 0 ? lastEventNanos / 1_000_000_000 : clock.GetUtcNow().ToUnixTimeSeconds();
                await SweepAllAsync(cancellationToken);
                (Connected, connectedAt) = (true, clock.GetUtcNow());
                await engine.FollowContainersAsync(since, $"{EngineLabels.Managed}=true", Actions, OnEvent, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (EngineErrors.IsEngineFailure(e) || e is OperationCanceledException)
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

    private static readonly string[] Actions = ["start", "die", "kill", "oom", "health_status", "destroy"];

    /// <summary>Called on the stream's reading thread: only bookkeeping here, the evaluation runs on its own loop.</summary>
    internal void OnEvent(EngineEvent message)
    {
        if (message.TimeNano != 0 && message.TimeNano <= lastEventNanos)
        {
            return; // Replayed after a reconnection: already counted.
        }

        lastEventNanos = Math.Max(lastEventNanos, message.TimeNano);
        var attributes = message.Attributes;
        if (ContainerSampler.ServiceOf(attributes) is not { } serviceId)
        {
            return;
        }

        var containerId = message.ContainerId;
        var at = message.TimeNano > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(message.TimeNano / 1_000_000) : clock.GetUtcNow();
        var action = message.Action.Split(':')[0].Trim();
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
                // A scheduled job's failing command is the job's failure (job.failed), not the service crashing.
                if (!lifecycle.WasStopped(containerId, at) && exitCode is not (null or "0")
                    && Attribute(attributes, ScheduledJobs.ScheduledJobRun.EngineLabel) is null)
                {
                    var deployment = Guid.TryParse(Attribute(attributes, EngineLabels.Deployment), out var d) ? d : (Guid?)null;
                    crashes.Record(serviceId, new CrashLoopRule.Crash(at, deployment, exitCode));
                }

                lifecycle.Died(containerId, at);
                break;
            case "oom":
                ooms.Noticed(serviceId, containerId, attributes, at);
                break;
            case "health_status":
                lifecycle.HealthChanged(containerId, message.Action.Split(':').ElementAtOrDefault(1)?.Trim() ?? "", at);
                break;
            case "destroy":
                lifecycle.Destroyed(containerId);
                break;
        }

        touched.Writer.TryWrite(serviceId);
    }

    private static string? Attribute(IReadOnlyDictionary<string, string> attributes, string key) =>
        attributes.TryGetValue(key, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost Docker's event stream ({Reason}); reconnecting with backoff, container states may lag meanwhile")]
    private partial void LogLost(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following Docker's event stream again")]
    private partial void LogReconnected();
}
