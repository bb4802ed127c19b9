using System.Globalization;
using DropIt.Panel.Core.ScheduledJobs;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.ScheduledJobs;

/// <summary>How the Jobs tab says statuses, triggers and durations.</summary>
public static class JobDisplay
{
    public static string StatusText(JobRunStatus status) => status switch
    {
        JobRunStatus.TimedOut => "timed out",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static Color StatusColor(JobRunStatus status) => status switch
    {
        JobRunStatus.Succeeded => Color.Success,
        JobRunStatus.Failed or JobRunStatus.TimedOut => Color.Error,
        JobRunStatus.Running => Color.Info,
        JobRunStatus.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    public static string TriggerText(ScheduledJobRun run) => run.Trigger switch
    {
        JobRunTrigger.Manual => run.TriggeredBy is { } by ? $"run now by {by}" : "run now",
        JobRunTrigger.Retry => $"retry (attempt {run.Attempt})",
        _ => "schedule",
    };

    public static string Duration(ScheduledJobRun run, DateTimeOffset now)
    {
        if (run.DurationMs is { } ms)
        {
            var took = TimeSpan.FromMilliseconds(ms);
            return took.TotalMinutes >= 1 ? $"{(int)took.TotalMinutes} min {took.Seconds} s"
                : string.Create(CultureInfo.InvariantCulture, $"{took.TotalSeconds:0.0} s");
        }

        return run.Status == JobRunStatus.Running ? Deployments.DeploymentDisplay.Duration(run.StartedAt, null, now) : "—";
    }
}
