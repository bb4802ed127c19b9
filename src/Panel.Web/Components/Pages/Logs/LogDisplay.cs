using System.Globalization;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>How service logs read on the page: time ranges, replica colours, counts, the download link.</summary>
public static class LogDisplay
{
    /// <summary>The time ranges offered, as the <c>since</c> of a log request ("" for all of it).</summary>
    public static IReadOnlyList<(string Since, string Text)> Ranges { get; } =
    [
        ("5m", "Last 5 minutes"),
        ("1h", "Last hour"),
        ("24h", "Last 24 hours"),
        ("", "All"),
    ];

    /// <summary>The start of a time range of <see cref="Ranges"/>, null for all of it.</summary>
    public static DateTimeOffset? Since(string range, DateTimeOffset now) =>
        Web.Logs.LogRequest.TryParseTime(range, now, out var since) ? since : null;

    private static readonly string[] ReplicaColours = ["#79c0ff", "#d2a8ff", "#56d364", "#e3b341", "#ffa198", "#56d4dd"];

    /// <summary>The same colour for a replica on every page and after every restart.</summary>
    public static string ReplicaColour(string replica)
    {
        var hash = 0;
        foreach (var c in replica)
        {
            hash = unchecked(hash * 31 + c);
        }

        return ReplicaColours[(hash & int.MaxValue) % ReplicaColours.Length];
    }

    public static string DownloadUrl(Guid serviceId, string since, string? search, bool regex, bool timestamps)
    {
        var query = new List<string> { $"timestamps={(timestamps ? "true" : "false")}" };
        if (since.Length > 0)
        {
            query.Add($"since={Uri.EscapeDataString(since)}");
        }

        if (!string.IsNullOrEmpty(search))
        {
            query.Add($"search={Uri.EscapeDataString(search)}");
            if (regex)
            {
                query.Add("regex=true");
            }
        }

        return $"services/{serviceId}/logs/download?{string.Join('&', query)}";
    }

    public static string Count(long count, string one, string many) =>
        count == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} {many}");
}
