namespace DropIt.Panel.Core.Docker;

/// <summary>One-off containers on every node of the swarm (a Swarm global job, Engine API 1.41+).</summary>
public interface ISwarmJobs
{
    /// <summary>
    /// Runs <paramref name="job"/> once on each node that takes tasks, waits until every one of them ended (or
    /// <paramref name="timeout"/> passed), then removes the job; which nodes it completed on, and what failed where.
    /// </summary>
    Task<GlobalJobResult> RunOnEveryNodeAsync(GlobalJobSpec job, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// A job's container: its image, command (no shell unless the command starts one), host folders bound into it
/// (<see cref="HostBind"/>) and Swarm configs or secrets mounted as files (their <see cref="FileMount.Id"/> set).
/// </summary>
public sealed record GlobalJobSpec(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyList<HostBind> Binds,
    IReadOnlyList<FileMount> Files, IReadOnlyDictionary<string, string> Labels);

/// <summary>A folder of the node bound into the container.</summary>
public sealed record HostBind(string Source, string Target);

/// <summary>The nodes a job completed on, and one line per node where it did not (node id, state, Docker's error).</summary>
public sealed record GlobalJobResult(IReadOnlyList<string> CompletedNodeIds, IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}
