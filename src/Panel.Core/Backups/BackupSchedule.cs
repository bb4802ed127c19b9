using System.Globalization;
using Cronos;

namespace DropIt.Panel.Core.Backups;

/// <summary>
/// A policy's schedule: a five-field cron expression (minute hour day month weekday) read in an IANA time zone.
/// The panel checks and shows schedules with this class; the job scheduler is given the same expression and zone.
/// </summary>
public static class BackupSchedule
{
    private const string FiveFields = "Use five fields: minute hour day month weekday, e.g. '0 3 * * *'.";
    private const string CronosPrefix = "The given cron expression has an invalid format. ";

    /// <summary>Where the search for a first occurrence starts; any date a schedule can match recurs within 28 years.</summary>
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>What is wrong with a schedule and its time zone, said so an admin can fix it; null when both are valid.</summary>
    /// <param name="cron">The cron expression; null means the policy runs only when asked.</param>
    /// <param name="timeZone">The IANA time zone the schedule is read in (also the one retention counts days in).</param>
    public static string? Validate(string? cron, string? timeZone)
    {
        if (ZoneError(timeZone) is { } zoneError)
        {
            return zoneError;
        }

        if (cron is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(cron))
        {
            return $"The schedule is empty: leave it unset to run only by hand. {FiveFields}";
        }

        if (!TryParse(cron, out var expression, out var error))
        {
            return $"'{cron}' is not a valid cron schedule: {error} {FiveFields}";
        }

        return expression.GetNextOccurrence(Epoch) is null
            ? $"'{cron}' never fires: no date matches its day and month (such as 30 February). {FiveFields}"
            : null;
    }

    /// <summary>The time zone with this IANA name, or null when it is unknown or not an IANA name.</summary>
    public static TimeZoneInfo? FindZone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            return null;
        }

        return zone.HasIanaId ? zone : null;
    }

    /// <summary>
    /// The first time strictly after <paramref name="after"/> the schedule fires, with the zone's offset at that time;
    /// null when it never fires again. A time skipped by a daylight saving change fires at the end of the gap, a time
    /// that occurs twice fires once.
    /// </summary>
    /// <exception cref="ArgumentException">The schedule or the time zone is not valid (see <see cref="Validate"/>).</exception>
    public static DateTimeOffset? Next(string cron, string timeZone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(cron);
        if (Validate(cron, timeZone) is { } error)
        {
            throw new ArgumentException(error, nameof(cron));
        }

        return CronExpression.Parse(cron.Trim(), CronFormat.Standard).GetNextOccurrence(after, FindZone(timeZone)!);
    }

    /// <summary>
    /// A short text for the schedule: "every day at 03:00 (Europe/Paris)", "every hour at :15",
    /// "only when run by hand" when there is none, otherwise the expression itself with its zone.
    /// </summary>
    public static string Describe(string? cron, string timeZone)
    {
        if (cron is null)
        {
            return "only when run by hand";
        }

        if (Validate(cron, timeZone) is not null)
        {
            return $"invalid schedule '{cron}' ({timeZone})";
        }

        // Cronos writes the expression back in one shape: names and ranges become lists of numbers.
        var fields = CronExpression.Parse(cron.Trim(), CronFormat.Standard).ToString().Split(' ');
        return DescribeFields(fields[0], fields[1], fields[2], fields[3], fields[4], FindZone(timeZone)!.Id)
            ?? $"cron '{cron.Trim()}' ({FindZone(timeZone)!.Id})";
    }

    private static string? ZoneError(string? timeZone)
    {
        if (FindZone(timeZone) is not null)
        {
            return null;
        }

        if (timeZone is not null && TimeZoneInfo.TryConvertWindowsIdToIanaId(timeZone, out var iana))
        {
            return $"'{timeZone}' is a Windows time zone name: use its IANA name {iana}.";
        }

        return string.IsNullOrWhiteSpace(timeZone)
            ? "The time zone is empty: use an IANA name such as Europe/Paris or UTC."
            : $"Unknown time zone '{timeZone}': use an IANA name such as Europe/Paris.";
    }

    private static bool TryParse(string cron, out CronExpression expression, out string error)
    {
        try
        {
            expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
            error = "";
            return true;
        }
        catch (CronFormatException e)
        {
            expression = null!;
            error = e.Message.StartsWith(CronosPrefix, StringComparison.Ordinal) ? e.Message[CronosPrefix.Length..] : e.Message;
            error = error.EndsWith('.') ? error : error + ".";
            return false;
        }
    }

    private static string? DescribeFields(string minute, string hour, string day, string month, string weekday, string zone)
    {
        if (month != "*" || Numbers(minute) is not { } minutes)
        {
            return minute == "*" && hour == "*" && day == "*" && month == "*" && weekday == "*" ? "every minute" : null;
        }

        if (hour == "*" && day == "*" && weekday == "*")
        {
            return Step(minutes, 60) is { } step ? $"every {step} minutes" : $"every hour at {Join(minutes.Select(m => $":{Two(m)}"))}";
        }

        if (minutes.Count != 1 || Numbers(hour) is not { } hours)
        {
            return null;
        }

        var at = Step(hours, 24) is { } every && hours.Count > 4
            ? $"every {every} hours at :{Two(minutes[0])}"
            : $"at {Join(hours.Select(h => $"{Two(h)}:{Two(minutes[0])}"))}";
        var days = (day, weekday) switch
        {
            ("*", "*") => "every day",
            ("*", _) when weekday == "1,2,3,4,5" => "Monday to Friday",
            ("*", _) when Numbers(weekday) is { } list => $"every {Join(list.Select(d => ((DayOfWeek)d).ToString()))}",
            (_, "*") when Numbers(day) is { Count: 1 } list => $"on day {list[0]} of every month",
            _ => null,
        };
        if (at.StartsWith("every", StringComparison.Ordinal))
        {
            return days == "every day" ? $"{at} ({zone})" : null;
        }

        return days is null ? null : $"{days} {at} ({zone})";
    }

    /// <summary>The numbers of a field that Cronos wrote as a plain list, or null for anything else (*, L, W, #).</summary>
    private static List<int>? Numbers(string field)
    {
        var values = new List<int>();
        foreach (var part in field.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The step when the values are 0, step, 2 step... up to the cycle's end, as "*/step" writes them.</summary>
    private static int? Step(List<int> values, int cycle)
    {
        if (values.Count < 2 || values[0] != 0 || cycle % values[1] != 0 || values.Count != cycle / values[1])
        {
            return null;
        }

        var step = values[1];
        return values.Select((v, i) => v == i * step).All(x => x) ? step : null;
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static string Two(int value) => value.ToString("D2", CultureInfo.InvariantCulture);
}
