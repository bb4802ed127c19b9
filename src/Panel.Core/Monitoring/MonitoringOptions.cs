using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>How often containers and the host are sampled, how much history is kept, what a crash loop is (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>Run the stats loop and follow Docker's event stream (off: no live metrics or engine status).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two samples of every container and of the host (one loop for the whole panel).</summary>
    public int SampleSeconds { get; set; } = 5;

    /// <summary>Minutes of samples kept in memory per service and for the host.</summary>
    public int HistoryMinutes { get; set; } = 60;

    /// <summary>Container crashes of one service within <see cref="CrashLoopWindowMinutes"/> that flag it as crash-looping.</summary>
    public int CrashLoopDeaths { get; set; } = 3;

    public int CrashLoopWindowMinutes { get; set; } = 5;

    /// <summary>Samples kept per series: the history divided by the sample period.</summary>
    public int HistoryCapacity => Math.Max(1, HistoryMinutes * 60 / Math.Max(1, SampleSeconds));
}

/// <summary>Checks <see cref="MonitoringOptions"/> at start-up.</summary>
public sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        var errors = new List<string>();
        if (options.SampleSeconds is < 1 or > 300)
        {
            errors.Add($"Monitoring:SampleSeconds is {options.SampleSeconds}; set it between 1 and 300 (default 5).");
        }

        if (options.HistoryMinutes is < 1 or > 1440)
        {
            errors.Add($"Monitoring:HistoryMinutes is {options.HistoryMinutes}; set it between 1 and 1440 (default 60).");
        }

        if (options.CrashLoopDeaths is < 2 or > 100)
        {
            errors.Add($"Monitoring:CrashLoopDeaths is {options.CrashLoopDeaths}; set it between 2 and 100 (default 3).");
        }

        if (options.CrashLoopWindowMinutes is < 1 or > 120)
        {
            errors.Add($"Monitoring:CrashLoopWindowMinutes is {options.CrashLoopWindowMinutes}; set it between 1 and 120 (default 5).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
