using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// The one sampling loop of the panel: every <see cref="MonitoringOptions.SampleSeconds"/> it reads each panel
/// container's stats once and the host's /proc, keeps an hour per service and for the host (ring buffers), and
/// hands each round to the subscribers. Viewers subscribe; they never cause a Docker call of their own.
/// </summary>
public sealed partial class StatsCollector(
    IEngineContainers engineContainers,
    IContainerStats engineStats,
    IOptions<MonitoringOptions> options,
    TimeProvider clock,
    ILogger<StatsCollector> logger,
    NodeAgent? nodeAgent = null)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, RingBuffer<ServiceStats>> services = [];
    private readonly RingBuffer<HostStats> host = new(options.Value.HistoryCapacity);
    private readonly Notifier<StatsSample> subscribers = new();
    private readonly ContainerSampler containers = new(engineContainers, engineStats, nodeAgent is null ? null : new RemoteReplicaStats(nodeAgent));
    private readonly HostSampler hostSampler = new();
    private int running;
    private long rounds;
    private long totalStatsCalls;
    private bool engineDown;

    public TimeSpan Period => TimeSpan.FromSeconds(options.Value.SampleSeconds);

    public CollectorDiagnostics Diagnostics
    {
        get
        {
            lock (gate)
            {
                return new CollectorDiagnostics(rounds, containers.ContainersLastRound, containers.StatsCallsLastRound, totalStatsCalls);
            }
        }
    }

    /// <summary>Each round's sample, from the next round on; handlers must not block (pages use InvokeAsync).</summary>
    public IDisposable Subscribe(Action<StatsSample> handler) => subscribers.Subscribe(handler);

    /// <summary>The service's samples of the last hour, oldest first (empty when it never ran here).</summary>
    public IReadOnlyList<ServiceStats> History(Guid serviceId)
    {
        lock (gate)
        {
            return services.TryGetValue(serviceId, out var ring) ? ring.ToArray() : [];
        }
    }

    public ServiceStats? Latest(Guid serviceId)
    {
        lock (gate)
        {
            return services.TryGetValue(serviceId, out var ring) ? ring.Last : null;
        }
    }

    public IReadOnlyList<HostStats> HostHistory()
    {
        lock (gate)
        {
            return host.ToArray();
        }
    }

    public HostStats? LatestHost
    {
        get
        {
            lock (gate)
            {
                return host.Last;
            }
        }
    }

    /// <summary>Samples until cancelled. Only one loop may run: a second call is refused.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("The stats collector already runs; subscribe to it instead.");
        }

        // The stats agent on the swarm's other nodes runs alongside (decision 065).
        using var stopAgent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var agent = nodeAgent?.RunAsync(stopAgent.Token) ?? Task.CompletedTask;
        try
        {
            using var timer = new PeriodicTimer(Period, clock);
            do
            {
                await SampleOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel stops.
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent.ContinueWith(_ => { }, TaskScheduler.Default);
            Interlocked.Exchange(ref running, 0);
        }
    }

    private async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var hostStats = await hostSampler.SampleAsync(at, cancellationToken);
        IReadOnlyList<ServiceStats> serviceStats = [];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Period + TimeSpan.FromSeconds(10));
        try
        {
            serviceStats = await containers.SampleAsync(at, hostStats?.MemoryTotalBytes, timeout.Token);
            if (engineDown)
            {
                engineDown = false;
                LogEngineBack();
            }
        }
        catch (Exception e) when ((EngineErrors.IsEngineFailure(e) || e is OperationCanceledException)
            && !cancellationToken.IsCancellationRequested)
        {
            if (!engineDown)
            {
                engineDown = true;
                LogEngineDown(e.Message);
            }
        }

        var sample = new StatsSample(at, hostStats, serviceStats);
        lock (gate)
        {
            Record(sample);
        }

        subscribers.Publish(sample);
    }

    private void Record(StatsSample sample)
    {
        rounds++;
        totalStatsCalls += containers.StatsCallsLastRound;
        if (sample.Host is { } h)
        {
            host.Add(h);
        }

        var seen = new HashSet<Guid>();
        foreach (var stats in sample.Services)
        {
            seen.Add(stats.ServiceId);
            if (!services.TryGetValue(stats.ServiceId, out var ring))
            {
                services[stats.ServiceId] = ring = new RingBuffer<ServiceStats>(options.Value.HistoryCapacity);
            }

            ring.Add(stats);
        }

        // A service whose containers are gone drops to zero once, then keeps its history until it is an hour old.
        var expired = sample.At - TimeSpan.FromMinutes(options.Value.HistoryMinutes);
        foreach (var (id, ring) in services.Where(s => !seen.Contains(s.Key)).ToList())
        {
            if (ring.Last is { Containers: > 0 } last)
            {
                ring.Add(new ServiceStats(id, sample.At, 0, 0, 0, last.MemoryLimitBytes, 0, 0, last.Restarts));
            }
            else if (ring.Last is null || ring.Last.At < expired)
            {
                services.Remove(id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container stats cannot be read from the Docker engine ({Reason}); retrying every period")]
    private partial void LogEngineDown(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container stats are read again from the Docker engine")]
    private partial void LogEngineBack();
}
