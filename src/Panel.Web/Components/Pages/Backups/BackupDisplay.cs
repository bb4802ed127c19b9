using System.Globalization;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Web.Components.Pages.Monitoring;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.Backups;

/// <summary>How backups read on every page: sizes, times, statuses, verifications and what work is doing.</summary>
public static class BackupDisplay
{
    public static string Size(long bytes) => MonitoringDisplay.Bytes(bytes);

    public static string Rate(double bytesPerSecond) => MonitoringDisplay.Rate(bytesPerSecond);

    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A time in the policy's own zone, as its schedule reads: "2026-12-07 03:00 (Europe/Paris)".</summary>
    public static string InZone(DateTimeOffset at, string timeZone) =>
        at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({timeZone})";

    public static string Duration(double? seconds) => seconds switch
    {
        null => "—",
        < 60 => $"{seconds.Value.ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 3600 => $"{(int)(seconds.Value / 60)} min {(int)(seconds.Value % 60)} s",
        _ => $"{(int)(seconds.Value / 3600)} h {(int)(seconds.Value % 3600 / 60)} min",
    };

    public static string ShortSha(string? sha256) => sha256 is { Length: > 12 } ? sha256[..12] : sha256 ?? "—";

    /// <summary>The last part of an object key: its file name.</summary>
    public static string FileName(string objectKey) => objectKey[(objectKey.LastIndexOf('/') + 1)..];

    public static string TriggerText(BackupTrigger trigger) => trigger switch
    {
        BackupTrigger.Scheduled => "Scheduled",
        BackupTrigger.Manual => "Manual",
        _ => "Before a restore",
    };

    public static string KindText(DestinationKind kind) => kind == DestinationKind.S3 ? "S3" : "Local folder";

    /// <summary>Where a destination writes: "bucket at endpoint", or the folder; with its prefix.</summary>
    public static string WhereText(DestinationView d)
    {
        var where = d.Kind == DestinationKind.Local
            ? d.LocalPath ?? ""
            : $"{d.Bucket} at {d.Endpoint ?? $"AWS ({d.Region})"}";
        return string.IsNullOrEmpty(d.Prefix) ? where : $"{where}, under {d.Prefix}";
    }

    public static Color ColorOf(BackupStatus status) => status switch
    {
        BackupStatus.Succeeded => Color.Success,
        BackupStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    public static string IconOf(BackupStatus status) => status switch
    {
        BackupStatus.Succeeded => Icons.Material.Filled.CheckCircle,
        BackupStatus.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Sync,
    };

    public static string StatusText(BackupStatus status) => status switch
    {
        BackupStatus.Succeeded => "Stored",
        BackupStatus.Failed => "Failed",
        _ => "Running",
    };

    public static Color ColorOf(VerificationStatus status) => status switch
    {
        VerificationStatus.Verified => Color.Success,
        VerificationStatus.Failed => Color.Error,
        VerificationStatus.Running => Color.Info,
        _ => Color.Default,
    };

    public static string IconOf(VerificationStatus status) => status switch
    {
        VerificationStatus.Verified => Icons.Material.Filled.VerifiedUser,
        VerificationStatus.Failed => Icons.Material.Filled.GppBad,
        VerificationStatus.Running => Icons.Material.Filled.Sync,
        _ => Icons.Material.Outlined.Shield,
    };

    public static string VerificationText(VerificationStatus status) => status switch
    {
        VerificationStatus.Verified => "Verified",
        VerificationStatus.Failed => "Failed",
        VerificationStatus.Running => "Verifying",
        _ => "Not run",
    };

    /// <summary>What running work is doing, as a sentence start: "Uploading", "Test-restoring".</summary>
    public static string PhaseText(string phase) => phase switch
    {
        "waiting" => "Waiting for its turn",
        "uploading" => "Dumping and uploading",
        "verifying" => "Test-restoring",
        "restoring" => "Restoring",
        _ => char.ToUpperInvariant(phase[0]) + phase[1..],
    };

    /// <summary>"Dumping and uploading · 12.4 MB · 3.1 MB/s".</summary>
    public static string ProgressText(BackupProgress progress)
    {
        var text = PhaseText(progress.Phase);
        if (progress.Bytes > 0)
        {
            text += $" · {Size(progress.Bytes)}";
        }

        return progress.BytesPerSecond > 0 ? text + $" · {Rate(progress.BytesPerSecond)}" : text;
    }

    /// <summary>What is wrong with a typed private key for a backup of <paramref name="keyId"/>; null when it fits (or is empty).</summary>
    public static string? KeyError(string? privateKey, string? keyId)
    {
        if (string.IsNullOrWhiteSpace(privateKey))
        {
            return null;
        }

        try
        {
            var id = BackupEncryption.KeyIdOf(privateKey);
            return keyId is null || id == keyId ? null : $"This is key {id}; the backup was encrypted with key {keyId}.";
        }
        catch (BackupKeyException e)
        {
            return e.Message;
        }
    }

    public static string RetentionText(PolicyView p) =>
        $"keeps the last {p.KeepLast}, {p.KeepDaily} daily, {p.KeepWeekly} weekly, {p.KeepMonthly} monthly";
}
