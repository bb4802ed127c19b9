namespace DropIt.Panel.Core.Cleanup;

/// <summary>A deployment log on disk: <c>logs/deployments/&lt;deployment&gt;.log</c>.</summary>
public sealed record LogFile(string Path, Guid DeploymentId, DateTimeOffset LastWrite, long Bytes);

/// <summary>
/// Which deployment logs go: those whose deployment was deleted, and those past <c>Cleanup:DeploymentLogDays</c>
/// that are not among the newest <c>Cleanup:KeepDeploymentLogs</c> of their service. A log is old only when
/// both the file and its deployment are; the log of a queued or running deployment always stays.
/// </summary>
public static class LogRetention
{
    public static IReadOnlyList<LogFile> Select(IEnumerable<LogFile> files, IReadOnlyList<DeploymentFacts> deployments,
        DateTimeOffset now, int keepDays, int keepPerService)
    {
        var byId = deployments.ToDictionary(d => d.Id);
        var newest = deployments.GroupBy(d => d.ServiceId)
            .SelectMany(service => service.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(keepPerService))
            .Select(d => d.Id)
            .ToHashSet();
        var cutoff = now.AddDays(-keepDays);
        return files.Where(file => !byId.TryGetValue(file.DeploymentId, out var deployment)
                || !deployment.IsActive && !newest.Contains(deployment.Id)
                && file.LastWrite < cutoff && (deployment.FinishedAt ?? deployment.CreatedAt) < cutoff)
            .ToList();
    }
}
