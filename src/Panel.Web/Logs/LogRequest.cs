using System.Globalization;
using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Web.Logs;

/// <summary>The query string of a log request (<c>tail</c>, <c>since</c>, <c>until</c>, <c>search</c>, <c>regex</c>) as a <see cref="LogQuery"/>.</summary>
public static class LogRequest
{
    /// <summary>The most lines a download with a tail gathers before writing them.</summary>
    public const int MaxTail = 1_000_000;

    /// <summary>The query, or the error that says which parameter is wrong and how to write it.</summary>
    public static (LogQuery? Query, string? Error) Parse(string? tail, string? since, string? until, string? search, bool regex,
        int defaultTail, DateTimeOffset now)
    {
        var lines = defaultTail;
        if (tail is "all")
        {
            lines = 0;
        }
        else if (tail is not null && (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out lines) || lines > MaxTail))
        {
            return (null, $"tail is a number of lines from 1 to {MaxTail}, or \"all\".");
        }

        if (!TryParseTime(since, now, out var from))
        {
            return (null, "since is a time (2026-11-25T10:00:00Z) or a duration back from now (30s, 15m, 2h, 7d).");
        }

        if (!TryParseTime(until, now, out var to))
        {
            return (null, "until is a time (2026-11-25T10:00:00Z) or a duration back from now (30s, 15m, 2h, 7d).");
        }

        var searchError = LogSearch.Check(search, regex);
        if (searchError is not null)
        {
            return (null, searchError);
        }

        var limit = Math.Max(LogQuery.DefaultLimit, lines);
        return (new LogQuery(lines, from, string.IsNullOrEmpty(search) ? null : search, limit, to, regex), null);
    }

    /// <summary>An absolute time, or a duration back from now: <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public static bool TryParseTime(string? text, DateTimeOffset now, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? back = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (back is { } duration)
            {
                time = now - duration;
                return true;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var absolute))
        {
            time = absolute;
            return true;
        }

        return false;
    }

    /// <summary>"<c>api-logs-20261125-100000.log</c>": the service's name, made safe for a file name, and the time in UTC.</summary>
    public static string FileName(string serviceName, DateTimeOffset now)
    {
        var safe = new string([.. serviceName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return $"{(safe.Length == 0 ? "service" : safe)}-logs-{now.UtcDateTime:yyyyMMdd-HHmmss}.log";
    }
}
