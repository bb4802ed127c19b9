using System.Text.Json;
using DropIt.Panel.Core.Backups;

namespace DropIt.Panel.Web.Api;

/// <summary>
/// Body of POST /api/backup-destinations and PUT /api/backup-destinations/{id}: the whole destination. A left-out
/// <c>secretKey</c> keeps the stored one; <c>path</c> is the folder of a <c>local</c> destination.
/// </summary>
public sealed record DestinationRequest(
    string? Name = null,
    string? Kind = null,
    string? Endpoint = null,
    string? Region = null,
    string? Bucket = null,
    string? Prefix = null,
    bool? PathStyle = null,
    string? AccessKey = null,
    string? SecretKey = null,
    string? Path = null)
{
    /// <summary>The Core input, or the message to answer with when the kind is unknown.</summary>
    public (DestinationInput? Input, string? Error) ToInput(DestinationKind? current = null)
    {
        var kind = current;
        if (Kind is not null)
        {
            kind = BackupNames.Parse<DestinationKind>(Kind);
            if (kind is null)
            {
                return (null, $"\"{Kind}\" is not a destination kind; use one of {BackupNames.List<DestinationKind>()}.");
            }
        }

        return kind is { } known
            ? (new DestinationInput(Name ?? "", known, Endpoint, Region, Bucket, Prefix, PathStyle ?? false, AccessKey, SecretKey, Path), null)
            : (null, $"Give the destination's kind: one of {BackupNames.List<DestinationKind>()}.");
    }
}

/// <summary>How many backups a policy keeps: the newest <c>last</c>, plus the newest of each of the last days, ISO weeks and months.</summary>
public sealed record RetentionRequest(int? Last = null, int? Daily = null, int? Weekly = null, int? Monthly = null);

/// <summary>
/// Body of POST /api/databases/{id}/backup-policies (no <c>target</c>: the database is in the route), of
/// POST /api/backup-policies (<c>target</c> <c>volume</c> with <c>volumeName</c>, or <c>panel</c>) and of
/// PUT /api/backup-policies/{id}, which changes only what is sent. <c>schedule</c> is a five-field cron expression;
/// <c>""</c> runs the policy only when asked.
/// </summary>
public sealed record PolicyRequest(
    string? Target = null,
    string? VolumeName = null,
    Guid? DestinationId = null,
    string? Schedule = null,
    string? TimeZone = null,
    string? Compression = null,
    bool? Encrypt = null,
    RetentionRequest? Retention = null,
    bool? VerifyAfterBackup = null,
    int? TimeoutMinutes = null,
    bool? PauseDuringBackup = null,
    bool? Enabled = null)
{
    /// <summary>The input of a new policy of the database <paramref name="serviceId"/>.</summary>
    public (PolicyInput? Input, string? Error) ToDatabaseInput(Guid serviceId)
    {
        if (Target is not null && BackupNames.Parse<BackupTarget>(Target) != BackupTarget.Database)
        {
            return (null, $"This route backs up the database in its path: leave \"target\" out, or create a {Target} policy with POST /api/backup-policies.");
        }

        return Build(BackupTarget.Database, serviceId, null);
    }

    /// <summary>The input of a new volume or panel policy.</summary>
    public (PolicyInput? Input, string? Error) ToVolumeOrPanelInput()
    {
        var target = Target is null ? null : BackupNames.Parse<BackupTarget>(Target);
        return target switch
        {
            BackupTarget.Volume or BackupTarget.Panel => Build(target.Value, null, null),
            BackupTarget.Database => (null, "A database's policy is created with POST /api/databases/{id}/backup-policies."),
            _ when Target is null => (null, "Give the target: volume (with volumeName) or panel."),
            _ => (null, $"\"{Target}\" is not a backup target here; use volume (with volumeName) or panel."),
        };
    }

    /// <summary>The input of a change to <paramref name="current"/>; its target and subject never change.</summary>
    public (PolicyInput? Input, string? Error) ToChange(PolicyView current)
    {
        if (Target is not null && BackupNames.Parse<BackupTarget>(Target) != current.Target)
        {
            return (null, "A policy's target cannot change: create another policy.");
        }

        return Build(current.Target, current.ServiceId, current);
    }

    private (PolicyInput? Input, string? Error) Build(BackupTarget target, Guid? serviceId, PolicyView? current)
    {
        BackupCompression? compression = null;
        if (Compression is not null)
        {
            compression = BackupNames.Parse<BackupCompression>(Compression);
            if (compression is null)
            {
                return (null, $"\"{Compression}\" is not a compression; use one of {BackupNames.List<BackupCompression>()}.");
            }
        }

        return (new PolicyInput(target, DestinationId ?? current?.DestinationId ?? Guid.Empty, serviceId,
            target == BackupTarget.Volume ? VolumeName : null, Schedule, TimeZone, compression, Encrypt, Retention?.Last, Retention?.Daily,
            Retention?.Weekly, Retention?.Monthly, VerifyAfterBackup, TimeoutMinutes, PauseDuringBackup, Enabled), null);
    }
}

/// <summary>Optional body of POST /api/backups/{id}/verify: the key of an encrypted backup, for a full test restore.</summary>
public sealed record VerifyRequest(string? PrivateKey = null);

/// <summary>
/// Body of POST /api/backups/{id}/restore: <c>{target: "new", name}</c> restores into a new database (<c>name</c>, by
/// default <c>&lt;name&gt;-restored</c>); <c>{target: "in-place", confirm}</c>, with the database's name, over the one
/// it came from. <c>privateKey</c> opens an encrypted backup.
/// </summary>
public sealed record RestoreBody(string? Target = null, string? Name = null, string? Confirm = null, string? PrivateKey = null)
{
    public const string New = "new";
    public const string InPlace = "in-place";

    /// <summary>Whether the restore goes over the original; null when <see cref="Target"/> is neither form.</summary>
    public bool? IsInPlace => Target?.Trim().ToLowerInvariant() switch
    {
        null or "" or New => false,
        InPlace => true,
        _ => null,
    };

    public string? Key => string.IsNullOrWhiteSpace(PrivateKey) ? null : PrivateKey.Trim();
}

/// <summary>The API's names of backup enums: kebab-case, as the JSON of every answer.</summary>
public static class BackupNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The value of a name, any case; null when there is none.</summary>
    public static T? Parse<T>(string name)
        where T : struct, Enum
    {
        var trimmed = name.Trim().ToLowerInvariant();
        return Enum.GetValues<T>().Where(v => Of(v) == trimmed).Select(v => (T?)v).FirstOrDefault();
    }

    public static string List<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));
}
