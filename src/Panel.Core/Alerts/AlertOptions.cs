using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

/// <summary>How alerts are grouped, retried and checked for (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>One message per event kind and service in this period; repeats are counted and sent as one summary at its end.</summary>
    public TimeSpan GroupingPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Waits before the second, third ... attempt of a message that failed; after the last one it is given up.</summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>Disk use of the data folder's filesystem, in percent, above which "disk.full" is raised.</summary>
    public int DiskThresholdPercent { get; set; } = 85;

    /// <summary>Days before a certificate's expiry at which "certificate.expiring" is raised.</summary>
    public int CertificateWarningDays { get; set; } = 14;

    /// <summary>Seconds between two checks of the disk, certificates and backups.</summary>
    public int CheckSeconds { get; set; } = 60;

    /// <summary>The panel's address for links in messages (e.g. <c>https://panel.example.com</c>); empty: the panel's domain setting.</summary>
    public string? PanelUrl { get; set; }

    /// <summary>The waits in effect: the configured ones, or 30 s, 2 min and 10 min.</summary>
    public IReadOnlyList<TimeSpan> Delays => RetryDelays.Count > 0
        ? RetryDelays
        : [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];
}

/// <summary>Checks <see cref="AlertOptions"/> at start-up.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        if (options.GroupingPeriod < TimeSpan.FromSeconds(1) || options.GroupingPeriod > TimeSpan.FromDays(1))
        {
            errors.Add($"Alerts:GroupingPeriod is {options.GroupingPeriod}; set it between 00:00:01 and 1.00:00:00 (default 00:10:00).");
        }

        if (options.RetryDelays.Any(d => d <= TimeSpan.Zero) || options.RetryDelays.Count > 10)
        {
            errors.Add("Alerts:RetryDelays holds a wait of zero or less, or more than 10 waits; give up to 10 positive waits such as 00:00:30.");
        }

        if (options.DiskThresholdPercent is < 1 or > 99)
        {
            errors.Add($"Alerts:DiskThresholdPercent is {options.DiskThresholdPercent}; set it between 1 and 99 (default 85).");
        }

        if (options.CertificateWarningDays is < 1 or > 60)
        {
            errors.Add($"Alerts:CertificateWarningDays is {options.CertificateWarningDays}; set it between 1 and 60 (default 14).");
        }

        if (options.CheckSeconds is < 1 or > 3600)
        {
            errors.Add($"Alerts:CheckSeconds is {options.CheckSeconds}; set it between 1 and 3600 (default 60).");
        }

        if (!string.IsNullOrEmpty(options.PanelUrl) && !Uri.TryCreate(options.PanelUrl, UriKind.Absolute, out _))
        {
            errors.Add($"Alerts:PanelUrl '{options.PanelUrl}' is not an absolute address; write it like https://panel.example.com or leave it empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
