using System.Globalization;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.StaticSites;

/// <summary>How static sites and their releases read: status, sizes, times and addresses.</summary>
public static class StaticSiteDisplay
{
    public static string StatusText(ServiceStatus status) => status switch
    {
        ServiceStatus.Created => "no release yet",
        ServiceStatus.Running => "live",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static Color StatusColor(ServiceStatus status) => status switch
    {
        ServiceStatus.Running => Color.Success,
        ServiceStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    public static string StatusIcon(ServiceStatus status) => status switch
    {
        ServiceStatus.Running => Icons.Material.Filled.CheckCircle,
        ServiceStatus.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.RadioButtonUnchecked,
    };

    /// <summary>Bytes in the largest unit that keeps the number at 1 or more: 512 B, 1.4 MB, 2.1 GB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var format = unit == 0 || value >= 100 ? "0" : "0.#";
        return $"{value.ToString(format, CultureInfo.InvariantCulture)} {units[unit]}";
    }

    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>How long ago, coarse: "just now", "5 min ago", "3 h ago", "2 days ago", then the date.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h ago"
            : age.TotalDays < 2 ? "yesterday"
            : age.TotalDays < 30 ? $"{(int)age.TotalDays} days ago"
            : at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static string Exact(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Url(DomainView domain) =>
        $"{(domain.Https ? "https" : "http")}://{domain.Host}{(domain.PathPrefix == "/" ? "" : domain.PathPrefix)}";
}
