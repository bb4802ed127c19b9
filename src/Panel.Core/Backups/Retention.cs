using System.Globalization;

namespace DropIt.Panel.Core.Backups;

/// <summary>What retention needs of a successful backup.</summary>
public sealed record RetainedBackup(Guid Id, DateTimeOffset TakenAt, bool Verified);

/// <summary>
/// Which backups a policy keeps, as restic and borg "forget" decide: the newest <see cref="RetentionRules.Last"/>,
/// plus the newest backup of each of the <see cref="RetentionRules.Daily"/> most recent calendar days that have one,
/// the same per ISO week (Monday to Sunday) and per calendar month. Days, weeks and months are read in the policy's
/// time zone. A backup kept by several rules is kept once; a rule of 0 keeps nothing by itself.
/// </summary>
/// <remarks>
/// Two safety rules hold whatever the counts: the newest backup is always kept, and when none of the kept backups is
/// verified but an older one is, the newest verified backup is kept too, so retention never deletes the only proven
/// backup. A policy whose four counts are all 0 means "keep all": nothing expires.
/// </remarks>
public static class Retention
{
    /// <summary>The reason given to every backup when all four counts are 0.</summary>
    public const string KeepAll = "policy keeps all";

    /// <summary>The reason given to the newest backup when no rule keeps it.</summary>
    public const string Newest = "newest";

    /// <summary>The reason given to the newest verified backup when no rule keeps a verified one.</summary>
    public const string NewestVerified = "newest verified";

    /// <summary>The ids of the backups to keep.</summary>
    /// <param name="backups">The policy's successful backups that are still stored, in any order.</param>
    /// <param name="rules">The policy's counts; none may be negative.</param>
    /// <param name="zone">The policy's time zone, in which days, weeks and months begin.</param>
    public static IReadOnlySet<Guid> Keep(IReadOnlyList<RetainedBackup> backups, RetentionRules rules, TimeZoneInfo zone) =>
        Explain(backups, rules, zone).Keys.ToHashSet();

    /// <summary>The ids of the backups retention removes, oldest first: every backup <see cref="Keep"/> does not keep.</summary>
    public static IReadOnlyList<Guid> Expired(IReadOnlyList<RetainedBackup> backups, RetentionRules rules, TimeZoneInfo zone)
    {
        var kept = Explain(backups, rules, zone);
        return [.. backups.Where(b => !kept.ContainsKey(b.Id)).OrderBy(b => b.TakenAt).ThenBy(b => b.Id).Select(b => b.Id).Distinct()];
    }

    /// <summary>
    /// Each kept backup with why it is kept, rules joined by ", " ("last 2, daily 2026-12-05, weekly 2026-W49").
    /// Backups that are not in the result expire.
    /// </summary>
    public static IReadOnlyDictionary<Guid, string> Explain(IReadOnlyList<RetainedBackup> backups, RetentionRules rules, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(zone);
        if (rules.Last < 0 || rules.Daily < 0 || rules.Weekly < 0 || rules.Monthly < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rules), rules, "Retention counts cannot be negative; 0 turns a rule off.");
        }

        var newestFirst = backups.DistinctBy(b => b.Id).OrderByDescending(b => b.TakenAt).ThenByDescending(b => b.Id).ToList();
        var reasons = new Dictionary<Guid, List<string>>();
        if (rules is { Last: 0, Daily: 0, Weekly: 0, Monthly: 0 })
        {
            return newestFirst.ToDictionary(b => b.Id, _ => KeepAll);
        }

        for (var i = 0; i < Math.Min(rules.Last, newestFirst.Count); i++)
        {
            Add(reasons, newestFirst[i].Id, $"last {i + 1}");
        }

        KeepNewestPerPeriod(newestFirst, rules.Daily, zone, reasons, "daily", date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        KeepNewestPerPeriod(newestFirst, rules.Weekly, zone, reasons, "weekly",
            date => $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}");
        KeepNewestPerPeriod(newestFirst, rules.Monthly, zone, reasons, "monthly", date => date.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        if (newestFirst.Count > 0 && !reasons.ContainsKey(newestFirst[0].Id))
        {
            Add(reasons, newestFirst[0].Id, Newest);
        }

        var newestVerified = newestFirst.FirstOrDefault(b => b.Verified);
        if (newestVerified is not null && !newestFirst.Any(b => b.Verified && reasons.ContainsKey(b.Id)))
        {
            Add(reasons, newestVerified.Id, NewestVerified);
        }

        return reasons.ToDictionary(r => r.Key, r => string.Join(", ", r.Value));
    }

    /// <summary>Walks newest first: the first backup met in a period is that period's newest.</summary>
    private static void KeepNewestPerPeriod(List<RetainedBackup> newestFirst, int count, TimeZoneInfo zone,
        Dictionary<Guid, List<string>> reasons, string rule, Func<DateTime, string> period)
    {
        string? previous = null;
        var kept = 0;
        foreach (var backup in newestFirst)
        {
            if (kept == count)
            {
                return;
            }

            var current = period(TimeZoneInfo.ConvertTime(backup.TakenAt, zone).DateTime);
            if (current != previous)
            {
                Add(reasons, backup.Id, $"{rule} {current}");
                previous = current;
                kept++;
            }
        }
    }

    private static void Add(Dictionary<Guid, List<string>> reasons, Guid id, string reason)
    {
        if (!reasons.TryGetValue(id, out var list))
        {
            reasons[id] = list = [];
        }

        list.Add(reason);
    }
}
