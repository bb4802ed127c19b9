using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Backups;

/// <summary>What a policy backs up.</summary>
public enum BackupTarget
{
    /// <summary>A database service: its engine's own dump.</summary>
    Database,

    /// <summary>A named Docker volume, as a tar.</summary>
    Volume,

    /// <summary>The panel itself: the archive <c>dropit backup</c> writes.</summary>
    Panel,
}

public enum BackupCompression
{
    Gzip,
    Zstd,
}

/// <summary>A schedule, a destination and a retention for one database, volume or the panel.</summary>
public sealed class BackupPolicy
{
    public Guid Id { get; set; }
    public BackupTarget Target { get; set; }

    /// <summary>The database service (<see cref="BackupTarget.Database"/>), or the service that owns the volume when known.</summary>
    public Guid? ServiceId { get; set; }
    public Service? Service { get; set; }

    /// <summary>What is backed up, as shown ("shop/postgres", "volume uploads", "the panel"); kept when the service is deleted.</summary>
    public string SubjectName { get; set; } = "";

    /// <summary>The named volume (<see cref="BackupTarget.Volume"/>).</summary>
    public string? VolumeName { get; set; }

    /// <summary>Pause the services that use the volume while it is read (only when the admin asks).</summary>
    public bool PauseDuringBackup { get; set; }

    public Guid DestinationId { get; set; }
    public BackupDestination? Destination { get; set; }

    /// <summary>A five-field cron expression; null runs only when asked.</summary>
    public string? Schedule { get; set; }

    /// <summary>IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    public BackupCompression Compression { get; set; } = BackupCompression.Zstd;

    /// <summary>Client-side encryption: the public half of the admin's key; null stores backups unencrypted.</summary>
    public string? EncryptionPublicKey { get; set; }

    /// <summary>A short fingerprint of the admin's key, to tell which key a backup needs.</summary>
    public string? EncryptionKeyId { get; set; }

    public int KeepLast { get; set; } = 7;
    public int KeepDaily { get; set; } = 7;
    public int KeepWeekly { get; set; } = 4;
    public int KeepMonthly { get; set; } = 6;

    /// <summary>Restore each backup into a throwaway container and check it.</summary>
    public bool VerifyAfterBackup { get; set; } = true;

    /// <summary>A backup still running after this is stopped and failed.</summary>
    public int TimeoutMinutes { get; set; } = 120;

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public RetentionRules Retention => new(KeepLast, KeepDaily, KeepWeekly, KeepMonthly);
}

/// <summary>Keep the last N backups, plus the newest of each of the last days, weeks and months that have one.</summary>
public sealed record RetentionRules(int Last, int Daily, int Weekly, int Monthly);
