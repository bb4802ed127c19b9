using System.Text.Json.Serialization;
using DropIt.Panel.Core.Backups;

namespace DropIt.Panel.Web.Api;

/// <summary>A destination as the API returns it: whether it has a secret key, never the key.</summary>
public sealed record DestinationDto(Guid Id, string Name, DestinationKind Kind, string? Endpoint, string? Region, string? Bucket,
    string Prefix, bool PathStyle, string? AccessKey, bool HasSecretKey, string? Path, int PolicyCount)
{
    public static DestinationDto From(DestinationView d) => new(d.Id, d.Name, d.Kind, d.Endpoint, d.Region, d.Bucket, d.Prefix,
        d.PathStyle, d.AccessKey, d.HasSecretKey, d.LocalPath, d.PolicyCount);
}

/// <summary>How a destination test went; <see cref="Message"/> names the failed step and the storage's own error.</summary>
public sealed record DestinationTestDto(bool Succeeded, string Message);

/// <summary>
/// A backup policy. <see cref="PrivateKey"/> is only in the answer of the save that made the encryption key, with
/// <see cref="PrivateKeyNote"/>; the panel keeps the public half only.
/// </summary>
public sealed record PolicyDto(
    Guid Id,
    BackupTarget Target,
    string SubjectName,
    Guid? ServiceId,
    string? VolumeName,
    Guid DestinationId,
    string DestinationName,
    string? Schedule,
    string TimeZone,
    string ScheduleText,
    DateTimeOffset? NextRun,
    BackupCompression Compression,
    bool Encrypt,
    string? EncryptionKeyId,
    RetentionDto Retention,
    bool VerifyAfterBackup,
    int TimeoutMinutes,
    bool PauseDuringBackup,
    bool Enabled,
    BackupDto? LastRun,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateKey = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateKeyNote = null)
{
    public const string ShownOnce =
        "This private key is shown once and never stored: keep it safe. Restoring or test-restoring an encrypted backup needs it.";

    public static PolicyDto From(PolicyView p, string? privateKey = null) => new(p.Id, p.Target, p.SubjectName, p.ServiceId, p.VolumeName,
        p.DestinationId, p.DestinationName, p.Schedule, p.TimeZone, p.ScheduleText, p.NextRun, p.Compression, p.EncryptionKeyId is not null,
        p.EncryptionKeyId, new RetentionDto(p.KeepLast, p.KeepDaily, p.KeepWeekly, p.KeepMonthly), p.VerifyAfterBackup, p.TimeoutMinutes,
        p.PauseDuringBackup, p.Enabled, p.LastRun is null ? null : BackupDto.From(p.LastRun), privateKey, privateKey is null ? null : ShownOnce);
}

/// <summary>How many backups a policy keeps: the newest <see cref="Last"/>, plus the newest of each of the last days, ISO weeks and months.</summary>
public sealed record RetentionDto(int Last, int Daily, int Weekly, int Monthly);

/// <summary>What a backup, test restore or restore is doing now.</summary>
public sealed record BackupProgressDto(Guid RunId, Guid PolicyId, string Phase, long Bytes, double BytesPerSecond)
{
    public static BackupProgressDto From(BackupProgress p) => new(p.RunId, p.PolicyId, p.Phase, p.Bytes, p.BytesPerSecond);
}

/// <summary>
/// One backup. <see cref="Verified"/> is true once a test restore proved it, false when one failed, null otherwise;
/// <see cref="Progress"/> is set while work on it is in progress.
/// </summary>
public sealed record BackupDto(
    Guid Id,
    Guid PolicyId,
    BackupTrigger Trigger,
    BackupStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    long SizeBytes,
    long DumpBytes,
    string? Sha256,
    string ObjectKey,
    bool Encrypted,
    string? EncryptionKeyId,
    string? Source,
    IReadOnlyDictionary<string, long> Counts,
    string? Error,
    VerificationStatus Verification,
    bool? Verified,
    DateTimeOffset? VerifiedAt,
    string? VerificationDetail,
    DateTimeOffset? DeletedAt,
    BackupProgressDto? Progress)
{
    public static BackupDto From(BackupRunView r, BackupProgress? progress = null) => new(r.Id, r.PolicyId, r.Trigger, r.Status,
        r.StartedAt, r.FinishedAt, r.DurationSeconds, r.SizeBytes, r.DumpBytes, r.Sha256, r.ObjectKey, r.Encrypted, r.EncryptionKeyId,
        r.Source, r.Counts, r.Error, r.Verification,
        r.Verification switch { VerificationStatus.Verified => true, VerificationStatus.Failed => false, _ => null },
        r.VerifiedAt, r.VerificationDetail, r.DeletedAt, progress is null ? null : BackupProgressDto.From(progress));
}

/// <summary>A backup, restore or test restore was started: its id, to follow at the 202's address.</summary>
public sealed record StartedDto(Guid Id);

/// <summary>
/// A test restore was started: queued (<see cref="WorkId"/> null; followed at <c>/api/backups/{runId}</c>) or, with a
/// key, running in the panel (followed at <c>/api/restores/{workId}</c>).
/// </summary>
public sealed record VerifyStartedDto(Guid RunId, Guid? WorkId);

/// <summary>Where a restore from an upload went: the new database, and what was checked.</summary>
public sealed record RestoreResultDto(Guid? ServiceId, string? VolumeName, string Detail)
{
    public static RestoreResultDto From(RestoreResult r) => new(r.ServiceId, r.VolumeName, r.Detail);
}

/// <summary>
/// A restore or keyed test restore: running, then succeeded (<see cref="Detail"/> says what was checked;
/// <see cref="DatabaseId"/> or <see cref="VolumeName"/> where it went) or failed (<see cref="Error"/> says why).
/// </summary>
public sealed record RestoreDto(Guid Id, WorkState Status, Guid? DatabaseId, string? VolumeName, string? Error, string? Detail,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public static RestoreDto From(WorkStatus w) => new(w.Id, w.State, w.Result?.ServiceId, w.Result?.VolumeName,
        w.State == WorkState.Failed ? w.Message : null, w.State == WorkState.Succeeded ? w.Message : null, w.StartedAt, w.FinishedAt);
}
