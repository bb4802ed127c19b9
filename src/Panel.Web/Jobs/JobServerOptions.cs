using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Jobs;

/// <summary>The panel's job server (section <c>Panel:Jobs</c>).</summary>
public sealed class JobServerOptions
{
    public const string Section = "Panel:Jobs";

    /// <summary>Hangfire workers in the panel process (deployments, builds, backups, certificates, cleanup).</summary>
    public int WorkerCount { get; set; } = 4;
}

public sealed class JobServerOptionsValidator : IValidateOptions<JobServerOptions>
{
    public ValidateOptionsResult Validate(string? name, JobServerOptions options)
    {
        var errors = new List<string>();
        if (options.WorkerCount is < 1 or > 64)
        {
            errors.Add($"Panel:Jobs:WorkerCount is {options.WorkerCount}; use a number of workers between 1 and 64 (default 4).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
