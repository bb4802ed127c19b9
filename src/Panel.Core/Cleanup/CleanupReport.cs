namespace DropIt.Panel.Core.Cleanup;

/// <summary>Why an image of the panel stays.</summary>
public static class KeepReasons
{
    public const string Live = "live";
    public const string Deploying = "deploying";
    public const string RollbackWindow = "rollback window";
    public const string InUse = "used by a running container";
    public const string UnknownService = "service unknown to this panel";
}

/// <summary>A deployment image that stays, and why.</summary>
public sealed record KeptImage(string Tag, string Reason);

/// <summary>
/// What a cleanup removed (or, for a dry run, would remove). <see cref="ImageBytes"/> is the size of the
/// images whose last tag went: layers they share with images that stay are not freed, so it is an upper
/// bound. <see cref="BuildCacheBytes"/> is what BuildKit reports (estimated for a dry run).
/// </summary>
public sealed record CleanupReport
{
    public bool DryRun { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Image tags removed, e.g. <c>dropit/s-…:d-…</c>.</summary>
    public IReadOnlyList<string> ImagesRemoved { get; init; } = [];

    public long ImageBytes { get; init; }

    /// <summary>Image tags of the panel that stay, with the reason.</summary>
    public IReadOnlyList<KeptImage> ImagesKept { get; init; } = [];

    /// <summary>Null when the build cache could not be measured or pruned (see <see cref="Errors"/>).</summary>
    public long? BuildCacheBytes { get; init; }

    public int LogsRemoved { get; init; }
    public long LogBytes { get; init; }

    /// <summary>Static site releases past their site's retention, and release folders without a database row.</summary>
    public int ReleasesRemoved { get; init; }

    public long ReleaseBytes { get; init; }

    /// <summary>Interrupted uploads (<c>.partial</c> folders, <c>incoming</c> zips) and build folders of finished deployments.</summary>
    public int LeftoversRemoved { get; init; }

    public long LeftoverBytes { get; init; }

    /// <summary>The panel's images removed and kept on each other node of the swarm (empty on a single server).</summary>
    public IReadOnlyList<NodeCleanupReport> Nodes { get; init; } = [];

    /// <summary>What could not be cleaned, one sentence each; the rest of the run went on.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Everything freed, the other nodes' images included.</summary>
    public long TotalBytes => ImageBytes + Nodes.Sum(n => n.ImageBytes) + (BuildCacheBytes ?? 0) + LogBytes + ReleaseBytes + LeftoverBytes;
}
