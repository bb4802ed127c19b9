using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>The scheduler of jobs (section <c>ScheduledJobs</c>).</summary>
public sealed class ScheduledJobsOptions
{
    public const string Section = "ScheduledJobs";

    /// <summary>Whether this panel runs due jobs; off, the jobs stay and only a panel with it on runs them.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due jobs and runs whose back-off ended.</summary>
    public int TickSeconds { get; set; } = 5;

    /// <summary>The end of a run's output that is kept (the start of a longer one is dropped).</summary>
    public int LogMaxBytes { get; set; } = 64 * 1024;

    /// <summary>Runs kept per job; older ones are removed.</summary>
    public int RunsKept { get; set; } = 100;
}

public sealed class ScheduledJobsOptionsValidator : IValidateOptions<ScheduledJobsOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduledJobsOptions options)
    {
        var errors = new List<string>();
        if (options.TickSeconds is < 1 or > 60)
        {
            errors.Add($"{ScheduledJobsOptions.Section}:TickSeconds must be between 1 and 60 (seconds); it is {options.TickSeconds}.");
        }

        if (options.LogMaxBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"{ScheduledJobsOptions.Section}:LogMaxBytes must be between 1024 and 1048576; it is {options.LogMaxBytes}.");
        }

        if (options.RunsKept is < 1 or > 10_000)
        {
            errors.Add($"{ScheduledJobsOptions.Section}:RunsKept must be between 1 and 10000; it is {options.RunsKept}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
