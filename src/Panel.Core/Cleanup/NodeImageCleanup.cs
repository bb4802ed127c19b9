using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>
/// Removes the panel's unneeded deployment images on the swarm's other nodes (decision 065): a global job
/// <see cref="ServiceName"/> with each node's Docker socket runs <see cref="NodeImageScript"/> once per node, its output
/// is read back through the manager's service logs, and the job is removed. The manager's own engine is cleaned by
/// <see cref="DiskCleanup"/> itself. Nothing runs while the swarm has one node.
/// </summary>
public sealed partial class NodeImageCleanup(
    INodeOperations nodes,
    INodeAgentServices services,
    IOptions<NodeAgentOptions> options,
    TimeProvider clock,
    ILogger<NodeImageCleanup> logger)
{
    public const string ServiceName = "dropit-node-cleanup";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Ended = ["complete", "failed", "rejected", "shutdown", "orphaned", "remove"];

    /// <param name="selection">The panel's retention of every deployment tag (live, deploying, rollback window kept).</param>
    /// <param name="knownServices">The services of this panel: images of any other service are never touched.</param>
    /// <param name="dryRun">Report what would go, removing nothing.</param>
    /// <param name="cancellationToken">Stops waiting; the job is removed all the same.</param>
    public async Task<IReadOnlyList<NodeCleanupReport>> RunAsync(ImageSelection selection, IEnumerable<Guid> knownServices, bool dryRun,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<SwarmNode> all;
        try
        {
            all = await nodes.ListAsync(cancellationToken);
        }
        catch (Exception e) when (EngineErrors.IsRefusal(e))
        {
            return []; // Not a swarm manager: the panel's engine is the only one.
        }

        if (all.Count <= 1)
        {
            return [];
        }

        var local = await nodes.LocalNodeIdAsync(cancellationToken);
        var others = all.Where(n => n.Id != local).ToList();
        var reached = others.Where(NodeCleanupLabels.IsUsable).ToList();
        var keep = selection.Keep.Where(k => k.Reason != KeepReasons.UnknownService).GroupBy(k => k.Tag)
            .ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        var lines = new List<NodeAgentLine>();
        if (reached.Count > 0)
        {
            lines = await RunJobAsync(local, keep.Keys, knownServices, dryRun, reached.Count, cancellationToken);
        }

        var reports = others.Select(node => NodeCleanupLabels.IsUsable(node)
                ? NodeImageScript.Read(node.Id, node.Hostname, lines.Where(l => l.NodeId == node.Id).Select(l => l.Text), keep)
                : new NodeCleanupReport(node.Id, node.Hostname, [], 0, [],
                    $"{node.Hostname} is {(node.IsUp ? node.Availability : node.State)}: its images were not cleaned; make it active on the Servers page and run the cleanup again."))
            .ToList();
        LogNodes(reports.Count, reports.Sum(r => r.ImagesRemoved.Count), reports.Count(r => r.Error is not null));
        return reports;
    }

    private async Task<List<NodeAgentLine>> RunJobAsync(string? local, IEnumerable<string> keep, IEnumerable<Guid> knownServices, bool dryRun,
        int expected, CancellationToken cancellationToken)
    {
        await services.RemoveAsync(ServiceName, cancellationToken); // What an interrupted cleanup left.
        var environment = $"{NodeImageScript.Keep}={string.Join(' ', keep)}";
        var known = $"{NodeImageScript.Services}={string.Join(' ', knownServices.Select(s => s.ToString("N")))}";
        var spec = new NodeAgentSpec(ServiceName, options.Value.Image,
            ["env", environment, known, "sh", "-c", NodeImageScript.Shell, "sh", dryRun ? "dry" : "run"], Job: true,
            NodeCleanupLabels.Of, options.Value.MemoryMiB * 1024L * 1024L, options.Value.Cpus,
            local is null ? [] : [$"node.id!={local}"]);
        await services.CreateAsync(spec, cancellationToken);
        try
        {
            var deadline = clock.GetUtcNow() + Timeout;
            while (true)
            {
                var tasks = await services.ListTasksAsync(ServiceName, cancellationToken);
                if (tasks.Count >= expected && tasks.All(t => Ended.Contains(t.State)) || clock.GetUtcNow() > deadline)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            }

            var lines = new List<NodeAgentLine>();
            await services.ReadLogsAsync(ServiceName, false, lines.Add, cancellationToken);
            return lines;
        }
        finally
        {
            await services.RemoveAsync(ServiceName, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disk cleanup on {Nodes} other nodes: {Images} images removed, {Errors} nodes with errors")]
    private partial void LogNodes(int nodes, int images, int errors);
}
