using System.Globalization;
using DropIt.Panel.Core.Deployments;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.Deployments;

/// <summary>How deployments read on every page: status colours and icons, triggers, times and durations.</summary>
public static class DeploymentDisplay
{
    public static Color ColorOf(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Queued => Color.Default,
        DeploymentStatus.Running => Color.Info,
        DeploymentStatus.Succeeded => Color.Success,
        DeploymentStatus.Failed => Color.Error,
        _ => Color.Warning,
    };

    public static string IconOf(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Queued => Icons.Material.Filled.Schedule,
        DeploymentStatus.Running => Icons.Material.Filled.Sync,
        DeploymentStatus.Succeeded => Icons.Material.Filled.CheckCircle,
        DeploymentStatus.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Cancel,
    };

    public static string NameOf(DeploymentStatus status) => status.ToString().ToLowerInvariant();

    public static string TriggerText(DeploymentTrigger trigger) => trigger switch
    {
        DeploymentTrigger.User => "Manual",
        DeploymentTrigger.Webhook => "Git push",
        DeploymentTrigger.Rollback => "Rollback",
        _ => "API",
    };

    public static bool IsActive(DeploymentStatus status) => status is DeploymentStatus.Queued or DeploymentStatus.Running;

    public static string ShortHash(string? hash) => hash is { Length: > 7 } ? hash[..7] : hash ?? "";

    /// <summary>The first line of a commit message, cut to <paramref name="max"/> characters.</summary>
    public static string Subject(string? message, int max = 72)
    {
        var line = (message ?? "").Split('\n', 2)[0].Trim();
        return line.Length > max ? line[..(max - 1)] + "…" : line;
    }

    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>How long it ran (or has been running); time spent in the queue does not count.</summary>
    public static string Duration(DateTimeOffset? startedAt, DateTimeOffset? finishedAt, DateTimeOffset now)
    {
        if (startedAt is not { } started)
        {
            return "—";
        }

        var took = (finishedAt ?? now) - started;
        if (took < TimeSpan.Zero)
        {
            took = TimeSpan.Zero;
        }

        var text = took.TotalHours >= 1 ? $"{(int)took.TotalHours} h {took.Minutes} min"
            : took.TotalMinutes >= 1 ? $"{(int)took.TotalMinutes} min {took.Seconds} s"
            : $"{took.Seconds} s";
        return finishedAt is null ? $"{text} so far" : text;
    }
}
