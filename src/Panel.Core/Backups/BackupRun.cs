namespace DropIt.Panel.Core.Backups;

public enum BackupStatus
{
    Running,
    Succeeded,
    Failed,
}

public enum VerificationStatus
{
    NotRun,
    Running,
    Verified,
    Failed,
}

public enum BackupTrigger
{
    Scheduled,
    Manual,

    /// <summary>Taken by an in-place restore before it replaces anything.</summary>
    SafetyBeforeRestore,
}

/// <summary>One backup: what was written where, how it went and whether a test restore proved it.</summary>
public sealed class BackupRun
{
    public Guid Id { get; set; }
    public Guid PolicyId { get; set; }
    public BackupPolicy? Policy { get; set; }
    public BackupTrigger Trigger { get; set; }
    public BackupStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The object's key at the destination (with the destination's prefix).</summary>
    public string ObjectKey { get; set; } = "";

    /// <summary>Bytes stored (after compression and encryption), as the storage reports them.</summary>
    public long SizeBytes { get; set; }

    /// <summary>Bytes the dump produced before compression.</summary>
    public long DumpBytes { get; set; }

    /// <summary>SHA-256 of the stored object, lowercase hex.</summary>
    public string? Sha256 { get; set; }

    public BackupCompression Compression { get; set; }

    /// <summary>The key the object is encrypted with (its fingerprint); null when unencrypted.</summary>
    public string? EncryptionKeyId { get; set; }

    /// <summary>Engine, version and image at dump time ("PostgreSQL 16 (postgres:16-alpine)").</summary>
    public string? Source { get; set; }

    /// <summary>What the dump held, counted at dump time: table to rows, "keys", "files"; stored as JSON.</summary>
    public Dictionary<string, long> Counts { get; set; } = [];

    /// <summary>The failure's reason, in the tool's or the storage's own words.</summary>
    public string? Error { get; set; }

    public VerificationStatus Verification { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>What the test restore checked, or why it failed.</summary>
    public string? VerificationDetail { get; set; }

    /// <summary>Retention removed the object at this time; the row stays as history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
