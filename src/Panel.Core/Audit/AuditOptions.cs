using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Audit;

/// <summary>The audit trail (section <c>Panel:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Panel:Audit";

    /// <summary>Audit events older than this many days are deleted daily.</summary>
    public int RetentionDays { get; set; } = 365;
}

public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.RetentionDays is < 1 or > 36500)
        {
            errors.Add($"Panel:Audit:RetentionDays is {options.RetentionDays}; use a number of days between 1 and 36500 (default 365).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
