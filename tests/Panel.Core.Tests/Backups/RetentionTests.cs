using System.Globalization;
using DropIt.Panel.Core.Backups;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class RetentionTests
{
    private const string ParisId = "Europe/Paris";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById(ParisId);

    /// <summary>A backup taken at an instant written with its offset, e.g. "2026-10-25T02:30+02:00".</summary>
    private static RetainedBackup Taken(string instant, bool verified = true) =>
        new(Guid.CreateVersion7(), DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture), verified);

    /// <summary>A backup taken at a Paris wall-clock time that is neither skipped nor repeated.</summary>
    private static RetainedBackup TakenInParis(string local, bool verified = true)
    {
        var wall = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new RetainedBackup(Guid.CreateVersion7(), new DateTimeOffset(wall, Paris.GetUtcOffset(wall)), verified);
    }

    private static string Local(RetainedBackup backup) =>
        TimeZoneInfo.ConvertTime(backup.TakenAt, Paris).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string[] KeptTimes(List<RetainedBackup> backups, RetentionRules rules, TimeZoneInfo zone)
    {
        var keep = Retention.Keep(backups, rules, zone);
        return [.. backups.Where(b => keep.Contains(b.Id)).Select(Local).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Keep_DailyScheduleFor400DaysWithManualExtras_LeavesExactlyTheTieredBackups()
    {
        // The panel's loop: a run at 03:00 Paris every day (the fake clock follows the schedule), a few manual runs,
        // and after each run the expired backups are removed.
        var rules = new RetentionRules(Last: 7, Daily: 7, Weekly: 4, Monthly: 6);
        string[] manual =
        [
            "2026-06-15 14:00",
            "2026-10-25 12:00", // the day summer time ends
            "2026-12-01 00:30", // still 30 November in UTC
            "2027-01-31 23:30",
            "2027-03-28 14:00", // the day summer time starts
            "2027-04-02 14:00",
        ];
        var manualQueue = new Queue<RetainedBackup>(manual.Select(m => TakenInParis(m)));
        var stored = new List<RetainedBackup>();
        var clock = new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.FromHours(1));
        var scheduledRuns = new List<DateTimeOffset>();

        void Run(RetainedBackup backup)
        {
            stored.Add(backup);
            var expired = Retention.Expired(stored, rules, Paris);
            stored.RemoveAll(b => expired.Contains(b.Id));
            Assert.Contains(backup, stored);
        }

        for (var day = 0; day < 400; day++)
        {
            clock = BackupSchedule.Next("0 3 * * *", ParisId, clock)!.Value;
            scheduledRuns.Add(clock);
            while (manualQueue.TryPeek(out var extra) && extra.TakenAt < clock)
            {
                Run(manualQueue.Dequeue());
            }

            Run(new RetainedBackup(Guid.CreateVersion7(), clock, Verified: true));
        }

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.FromHours(1)), scheduledRuns[0]);
        Assert.Equal(new DateTimeOffset(2027, 4, 4, 3, 0, 0, TimeSpan.FromHours(2)), scheduledRuns[^1]);
        Assert.Empty(manualQueue);
        Assert.Equal(
        [
            "2026-11-30 03:00", // monthly 2026-11 (not the 00:30 run of 1 December)
            "2026-12-31 03:00", // monthly 2026-12
            "2027-01-31 23:30", // monthly 2027-01
            "2027-02-28 03:00", // monthly 2027-02
            "2027-03-14 03:00", // weekly 2027-W10
            "2027-03-21 03:00", // weekly 2027-W11
            "2027-03-28 14:00", // weekly 2027-W12
            "2027-03-29 03:00", // daily
            "2027-03-30 03:00", // daily, last
            "2027-03-31 03:00", // daily, last, monthly 2027-03
            "2027-04-01 03:00", // daily, last
            "2027-04-02 03:00", // last only: the 14:00 run is that day's newest
            "2027-04-02 14:00", // daily, last
            "2027-04-03 03:00", // daily, last
            "2027-04-04 03:00", // daily, last, weekly 2027-W13, monthly 2027-04
        ], stored.Select(Local).Order(StringComparer.Ordinal));

        var reasons = Retention.Explain(stored, rules, Paris);
        Assert.Equal("last 6, daily 2027-03-31, monthly 2027-03", reasons[stored.Single(b => Local(b) == "2027-03-31 03:00").Id]);
        Assert.Equal("weekly 2027-W12", reasons[stored.Single(b => Local(b) == "2027-03-28 14:00").Id]);
    }

    [Fact]
    public void Keep_LastAlone_KeepsTheNewestWhateverTheInputOrder()
    {
        var backups = Enumerable.Range(0, 10).Select(h => TakenInParis($"2027-03-01 {h:D2}:00")).Reverse().ToList();
        (backups[0], backups[5]) = (backups[5], backups[0]);

        Assert.Equal(["2027-03-01 07:00", "2027-03-01 08:00", "2027-03-01 09:00"], KeptTimes(backups, new RetentionRules(3, 0, 0, 0), Paris));
    }

    [Fact]
    public void Keep_DailyAlone_KeepsTheNewestOfEachRecentDayThatHasABackup()
    {
        List<RetainedBackup> backups =
        [
            .. new[] { "2027-01-01 09:00", "2027-01-01 18:00", "2027-01-03 09:00" }.Select(t => TakenInParis(t)),
            .. new[] { "2027-01-05 09:00", "2027-01-05 12:00", "2027-01-05 23:00", "2026-12-31 23:59" }.Select(t => TakenInParis(t)),
        ];

        Assert.Equal(["2027-01-01 18:00", "2027-01-03 09:00", "2027-01-05 23:00"], KeptTimes(backups, new RetentionRules(0, 3, 0, 0), Paris));
    }

    [Fact]
    public void Keep_WeeklyAlone_WeeksRunMondayToSundayAcrossTheNewYear()
    {
        // 27 Dec 2026 is a Sunday (2026-W52); 28 Dec 2026 to 3 Jan 2027 is 2026-W53.
        var backups = new[] { "2026-12-26 10:00", "2026-12-27 10:00", "2026-12-28 10:00", "2026-12-31 10:00", "2027-01-03 10:00" }
            .Select(t => TakenInParis(t)).ToList();

        Assert.Equal(["2026-12-27 10:00", "2027-01-03 10:00"], KeptTimes(backups, new RetentionRules(0, 0, 2, 0), Paris));
    }

    [Fact]
    public void Keep_WeeklyAlone_KeepsSundayOverTheSaturdayBeforeIt()
    {
        // A week starting on Sunday would keep Saturday 20 March and drop Sunday 21 March.
        var backups = new[] { "2027-03-14 10:00", "2027-03-20 10:00", "2027-03-21 10:00", "2027-03-22 10:00", "2027-03-24 10:00" }
            .Select(t => TakenInParis(t)).ToList();

        Assert.Equal(["2027-03-21 10:00", "2027-03-24 10:00"], KeptTimes(backups, new RetentionRules(0, 0, 2, 0), Paris));
    }

    [Fact]
    public void Keep_MonthlyAlone_KeepsTheNewestOfEachRecentMonth()
    {
        var backups = new[] { "2027-01-15 10:00", "2027-01-31 10:00", "2027-02-10 10:00", "2027-03-01 10:00", "2027-03-02 10:00" }
            .Select(t => TakenInParis(t)).ToList();

        Assert.Equal(["2027-02-10 10:00", "2027-03-02 10:00"], KeptTimes(backups, new RetentionRules(0, 0, 0, 2), Paris));
    }

    [Fact]
    public void Keep_OnlyVerifiedBackupIsOld_KeepsItBesideTheRules()
    {
        var backups = Enumerable.Range(1, 30).Select(d => TakenInParis($"2027-01-{d:D2} 03:00", verified: d == 1)).ToList();

        Assert.Equal(["2027-01-01 03:00", "2027-01-28 03:00", "2027-01-29 03:00", "2027-01-30 03:00"],
            KeptTimes(backups, new RetentionRules(3, 0, 0, 0), Paris));
        Assert.Equal(Retention.NewestVerified, Retention.Explain(backups, new RetentionRules(3, 0, 0, 0), Paris)[backups[0].Id]);
        Assert.DoesNotContain(backups[0].Id, Retention.Expired(backups, new RetentionRules(3, 0, 0, 0), Paris));
    }

    [Fact]
    public void Keep_VerifiedBackupWithinTheRules_LetsOlderVerifiedOnesExpire()
    {
        var backups = Enumerable.Range(1, 10).Select(d => TakenInParis($"2027-01-{d:D2} 03:00", verified: d is 1 or 9)).ToList();

        Assert.Equal(["2027-01-08 03:00", "2027-01-09 03:00", "2027-01-10 03:00"], KeptTimes(backups, new RetentionRules(3, 0, 0, 0), Paris));
    }

    [Fact]
    public void Keep_NoVerifiedBackupAtAll_AppliesTheRulesOnly()
    {
        var backups = Enumerable.Range(1, 5).Select(d => TakenInParis($"2027-01-{d:D2} 03:00", verified: false)).ToList();

        Assert.Equal(["2027-01-05 03:00"], KeptTimes(backups, new RetentionRules(1, 0, 0, 0), Paris));
    }

    [Fact]
    public void Keep_AllRulesZero_KeepsEverything()
    {
        var backups = Enumerable.Range(1, 20).Select(d => TakenInParis($"2027-01-{d:D2} 03:00")).ToList();
        var zeros = new RetentionRules(0, 0, 0, 0);

        Assert.Equal(backups.Select(b => b.Id).ToHashSet(), Retention.Keep(backups, zeros, Paris));
        Assert.Empty(Retention.Expired(backups, zeros, Paris));
        Assert.All(Retention.Explain(backups, zeros, Paris).Values, reason => Assert.Equal(Retention.KeepAll, reason));
    }

    [Fact]
    public void Expired_IsTheRestOldestFirst()
    {
        var backups = Enumerable.Range(1, 6).Select(d => TakenInParis($"2027-01-{d:D2} 03:00")).Reverse().ToList();

        var expired = Retention.Expired(backups, new RetentionRules(2, 0, 0, 0), Paris);

        Assert.Equal(backups.OrderBy(b => b.TakenAt).Take(4).Select(b => b.Id), expired);
    }

    [Fact]
    public void Keep_NegativeCount_IsRejected()
    {
        List<RetainedBackup> backups = [TakenInParis("2027-01-01 03:00")];

        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.Keep(backups, new RetentionRules(1, -1, 0, 0), Paris));
    }

    [Fact]
    public void Keep_DayWhenSummerTimeEnds_CountsItsTwentyFiveHoursAsOneParisDay()
    {
        // 00:30 and 23:30 on 25 October are on two different UTC dates (24th 22:30Z and 25th 22:30Z).
        List<RetainedBackup> backups =
        [
            Taken("2026-10-23T12:00+02:00"), Taken("2026-10-24T12:00+02:00"), Taken("2026-10-25T00:30+02:00"),
            Taken("2026-10-25T02:30+02:00"), Taken("2026-10-25T02:30+01:00"), Taken("2026-10-25T23:30+01:00"),
        ];
        var twoDays = new RetentionRules(0, 2, 0, 0);

        Assert.Equal(["2026-10-24 12:00", "2026-10-25 23:30"], KeptTimes(backups, twoDays, Paris));
        Assert.Equal(["2026-10-25 00:30", "2026-10-25 23:30"], KeptTimes(backups, twoDays, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Keep_DayWhenSummerTimeStarts_CountsItsTwentyThreeHoursAsOneParisDay()
    {
        // 00:30 on 28 March 2027 is still the 27th in UTC.
        List<RetainedBackup> backups = [Taken("2027-03-27T12:00+01:00"), Taken("2027-03-28T00:30+01:00"), Taken("2027-03-28T03:30+02:00")];
        var twoDays = new RetentionRules(0, 2, 0, 0);

        Assert.Equal(["2027-03-27 12:00", "2027-03-28 03:30"], KeptTimes(backups, twoDays, Paris));
        Assert.Equal(["2027-03-28 00:30", "2027-03-28 03:30"], KeptTimes(backups, twoDays, TimeZoneInfo.Utc));
    }
}
