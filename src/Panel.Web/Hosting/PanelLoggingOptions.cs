using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Hosting;

/// <summary>The panel's own log files under <c>&lt;DataPath&gt;/logs</c> (section <c>Panel:Logging</c>; levels and sinks are in <c>Serilog</c>).</summary>
public sealed class PanelLoggingOptions
{
    public const string Section = "Panel:Logging";

    /// <summary>Daily log files kept; older ones are deleted.</summary>
    public int RetainedFileCount { get; set; } = 14;
}

public sealed class PanelLoggingOptionsValidator : IValidateOptions<PanelLoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, PanelLoggingOptions options)
    {
        var errors = new List<string>();
        if (options.RetainedFileCount is < 1 or > 3650)
        {
            errors.Add($"Panel:Logging:RetainedFileCount is {options.RetainedFileCount}; keep between 1 and 3650 daily log files (default 14).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
