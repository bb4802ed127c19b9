using System.Collections.Concurrent;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// Stats of the containers on the swarm's other nodes (decision 065): while the swarm has more than one node, a global
/// service <see cref="ServiceName"/> runs <c>docker stats</c> against each other node's engine, and the panel follows its
/// output through the manager's service logs. With one node left, the service is removed.
/// </summary>
public sealed partial class NodeAgent(
    INodeOperations nodes,
    INodeAgentServices services,
    IOptions<NodeAgentOptions> options,
    IOptions<MonitoringOptions> monitoring,
    TimeProvider clock,
    ILogger<NodeAgent> logger)
{
    public const string ServiceName = "dropit-node-agent";
    public const string Label = "dropit.node-agent";
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (AgentReading Reading, DateTimeOffset At)> readings = new(StringComparer.Ordinal);
    private string? localNode;
    private bool failing;

    /// <summary>The last reading of each container on another node, when it is at most three sample periods old.</summary>
    public IReadOnlyList<AgentReading> Readings(DateTimeOffset now)
    {
        var oldest = now - TimeSpan.FromSeconds(Math.Max(15, 3 * monitoring.Value.SampleSeconds));
        foreach (var (id, entry) in readings)
        {
            if (entry.At < oldest)
            {
                readings.TryRemove(id, out _);
            }
        }

        return readings.Values.Where(e => e.At >= oldest).Select(e => e.Reading).ToList();
    }

    /// <summary>The containers of the panel's running tasks on every node (the manager's tasks API).</summary>
    public Task<IReadOnlyList<TaskContainer>> TaskContainersAsync(CancellationToken cancellationToken) =>
        services.ListTaskContainersAsync(cancellationToken);

    /// <summary>Keeps the agent in step with the number of nodes and reads its output, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(cancellationToken);
                failing = false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (EngineErrors.IsEngineFailure(e) || e is ObjectDisposedException)
            {
                if (!failing)
                {
                    failing = true;
                    LogFailed(EngineErrors.Message(e));
                }

                await Task.Delay(CheckPeriod, clock, cancellationToken);
            }
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var count = (await nodes.ListAsync(cancellationToken)).Count;
        if (count <= 1)
        {
            readings.Clear();
            if (count == 1 && await services.ExistsAsync(ServiceName, cancellationToken))
            {
                await services.RemoveAsync(ServiceName, cancellationToken);
                LogRemoved();
            }

            await Task.Delay(CheckPeriod, clock, cancellationToken);
            return;
        }

        localNode ??= await nodes.LocalNodeIdAsync(cancellationToken);
        if (!await services.ExistsAsync(ServiceName, cancellationToken))
        {
            await services.CreateAsync(Spec(), cancellationToken);
            LogStarted(count, options.Value.Image);
        }

        // Followed for one check period, then the node count is read again.
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(CheckPeriod);
        try
        {
            await services.ReadLogsAsync(ServiceName, true, OnLine, window.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), clock, window.Token); // The stream ended early (no task yet).
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && window.IsCancellationRequested
            && e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The window closed.
        }
    }

    private void OnLine(NodeAgentLine line)
    {
        if ((line.NodeId is null || line.NodeId != localNode) && AgentReading.Parse(line.Text) is { } reading)
        {
            readings[reading.ContainerId] = (reading, clock.GetUtcNow());
        }
    }

    /// <summary>A global service on every node but the panel's (whose containers the collector reads itself).</summary>
    internal NodeAgentSpec Spec()
    {
        var seconds = monitoring.Value.SampleSeconds;
        var script = "while :; do ids=$(docker ps -q --no-trunc --filter label=" + EngineLabels.Managed + "=true); " +
            "[ -n \"$ids\" ] && docker stats --no-stream --no-trunc --format '{{json .}}' $ids; sleep " + seconds + "; done";
        return new NodeAgentSpec(ServiceName, options.Value.Image, ["sh", "-c", script], Job: false,
            new Dictionary<string, string> { [Label] = "stats" }, options.Value.MemoryMiB * 1024L * 1024L, options.Value.Cpus,
            localNode is null ? [] : [$"node.id!={localNode}"]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The swarm has {Nodes} nodes: the stats agent {Service} runs on the others ({Image})")]
    private partial void LogStarted(int nodes, string service, string image);

    private void LogStarted(int nodes, string image) => LogStarted(nodes, ServiceName, image);

    [LoggerMessage(Level = LogLevel.Information, Message = "The swarm has one node again: the stats agent is removed")]
    private partial void LogRemoved();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stats of the other nodes cannot be read ({Reason}); retrying every 30 seconds")]
    private partial void LogFailed(string reason);
}
