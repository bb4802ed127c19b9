using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cleanup;

/// <summary>What the disk cleanup keeps and how often it runs (section <c>Cleanup</c>).</summary>
public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary>Runs the cleanup on a schedule; the on-demand cleanup works either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Hours between scheduled runs: 24 runs daily at 04:00, a divisor of 24 every N hours, a multiple of 24 every N days.</summary>
    public int IntervalHours { get; set; } = 24;

    /// <summary>Deployment logs younger than this are kept.</summary>
    public int DeploymentLogDays { get; set; } = 30;

    /// <summary>The logs of the newest N deployments of each service are kept whatever their age.</summary>
    public int KeepDeploymentLogs { get; set; } = 20;

    /// <summary>Build cache unused for this long is pruned (BuildKit's <c>until</c> filter).</summary>
    public int BuildCacheHours { get; set; } = 168;
}

/// <summary>Checks <see cref="CleanupOptions"/> at startup.</summary>
public sealed class CleanupOptionsValidator : IValidateOptions<CleanupOptions>
{
    public ValidateOptionsResult Validate(string? name, CleanupOptions options)
    {
        var errors = new List<string>();
        if (!CleanupSchedule.IsSupported(options.IntervalHours))
        {
            errors.Add($"Cleanup:IntervalHours is {options.IntervalHours}; use a divisor of 24 (1, 2, 3, 4, 6, 8, 12), " +
                "24 (daily at 04:00) or a multiple of 24 up to 720.");
        }

        if (options.DeploymentLogDays is < 1 or > 3650)
        {
            errors.Add("Cleanup:DeploymentLogDays must be between 1 and 3650 (default 30).");
        }

        if (options.KeepDeploymentLogs is < 1 or > 1000)
        {
            errors.Add("Cleanup:KeepDeploymentLogs must be between 1 and 1000 (default 20).");
        }

        if (options.BuildCacheHours is < 1 or > 87600)
        {
            errors.Add("Cleanup:BuildCacheHours must be between 1 and 87600 (default 168, a week).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The cron expression of the scheduled cleanup.</summary>
public static class CleanupSchedule
{
    public static bool IsSupported(int hours) =>
        hours is >= 1 and <= 24 && 24 % hours == 0 || hours is > 24 and <= 720 && hours % 24 == 0;

    /// <summary>"0 4 * * *" for 24 hours, "0 */6 * * *" for 6, "0 4 */2 * *" for 48.</summary>
    public static string Cron(int hours) => hours switch
    {
        24 => "0 4 * * *",
        < 24 => $"0 */{hours} * * *",
        _ => $"0 4 */{hours / 24} * *",
    };
}
