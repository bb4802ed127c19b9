namespace DropIt.Panel.Core.Backups;

/// <summary>What an admin sends to create or change a backup policy; null keeps a setting as it is (or its default).</summary>
public sealed record PolicyInput(
    BackupTarget Target,
    Guid DestinationId,
    Guid? ServiceId = null,
    string? VolumeName = null,
    string? Schedule = null,
    string? TimeZone = null,
    BackupCompression? Compression = null,
    bool? Encrypt = null,
    int? KeepLast = null,
    int? KeepDaily = null,
    int? KeepWeekly = null,
    int? KeepMonthly = null,
    bool? VerifyAfterBackup = null,
    int? TimeoutMinutes = null,
    bool? PauseDuringBackup = null,
    bool? Enabled = null);

/// <summary>A policy as shown, with its last backup and next scheduled run.</summary>
public sealed record PolicyView(Guid Id, BackupTarget Target, string SubjectName, Guid? ServiceId, string? VolumeName, Guid DestinationId,
    string DestinationName, string? Schedule, string TimeZone, string ScheduleText, DateTimeOffset? NextRun, BackupCompression Compression,
    string? EncryptionKeyId, int KeepLast, int KeepDaily, int KeepWeekly, int KeepMonthly, bool VerifyAfterBackup, int TimeoutMinutes,
    bool PauseDuringBackup, bool Enabled, BackupRunView? LastRun);

/// <summary>A saved policy; <see cref="PrivateKey"/> is the encryption key, given once, when one was just made.</summary>
public sealed record PolicySaved(PolicyView Policy, string? PrivateKey);

/// <summary>One backup as the history shows it.</summary>
public sealed record BackupRunView(Guid Id, Guid PolicyId, BackupTrigger Trigger, BackupStatus Status, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, double? DurationSeconds, long SizeBytes, long DumpBytes, string? Sha256, string ObjectKey, bool Encrypted,
    string? EncryptionKeyId, string? Source, IReadOnlyDictionary<string, long> Counts, string? Error, VerificationStatus Verification,
    DateTimeOffset? VerifiedAt, string? VerificationDetail, DateTimeOffset? DeletedAt)
{
    public static BackupRunView Of(BackupRun r) => new(r.Id, r.PolicyId, r.Trigger, r.Status, r.StartedAt, r.FinishedAt,
        r.FinishedAt is { } end ? (end - r.StartedAt).TotalSeconds : null, r.SizeBytes, r.DumpBytes, r.Sha256, r.ObjectKey,
        r.EncryptionKeyId is not null, r.EncryptionKeyId, r.Source, r.Counts, r.Error, r.Verification, r.VerifiedAt, r.VerificationDetail,
        r.DeletedAt);
}
