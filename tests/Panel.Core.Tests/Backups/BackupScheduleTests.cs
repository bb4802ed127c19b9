using DropIt.Panel.Core.Backups;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class BackupScheduleTests
{
    private const string Paris = "Europe/Paris";
    private const string FiveFields = "Use five fields: minute hour day month weekday, e.g. '0 3 * * *'.";

    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("30 2 * * 1-5")]
    [InlineData("0 4 * * SUN")]
    [InlineData("0 0 1 * *")]
    [InlineData("@daily")]
    [InlineData(" 0 3 * * * ")]
    [InlineData(null)]
    public void Validate_CommonSchedulesAndNone_AreAccepted(string? cron)
    {
        Assert.Null(BackupSchedule.Validate(cron, Paris));
        Assert.Null(BackupSchedule.Validate(cron, "UTC"));
    }

    [Fact]
    public void Validate_MinuteOutOfRange_SaysWhatIsWrongAndWhatToWrite()
    {
        Assert.Equal(
            "'61 * * * *' is not a valid cron schedule: Minutes: Value must be a number between 0 and 59 (all inclusive). " + FiveFields,
            BackupSchedule.Validate("61 * * * *", Paris));
    }

    [Theory]
    [InlineData("0 0 3 * * *")]
    [InlineData("* * *")]
    [InlineData("every day")]
    public void Validate_NotFiveFields_IsRejectedWithTheExpectedShape(string cron)
    {
        var error = BackupSchedule.Validate(cron, Paris);

        Assert.NotNull(error);
        Assert.StartsWith($"'{cron}' is not a valid cron schedule: ", error);
        Assert.EndsWith(FiveFields, error);
    }

    [Fact]
    public void Validate_EmptySchedule_PointsToLeavingItUnset()
    {
        Assert.Equal("The schedule is empty: leave it unset to run only by hand. " + FiveFields, BackupSchedule.Validate("  ", Paris));
    }

    [Fact]
    public void Validate_ThirtiethOfFebruary_IsRejectedAsNeverFiring()
    {
        Assert.StartsWith("'0 0 30 2 *' never fires", BackupSchedule.Validate("0 0 30 2 *", Paris));
    }

    [Fact]
    public void Validate_UnknownTimeZone_AsksForAnIanaName()
    {
        Assert.Equal("Unknown time zone 'Mars/Base': use an IANA name such as Europe/Paris.", BackupSchedule.Validate("0 3 * * *", "Mars/Base"));
        Assert.Equal("Unknown time zone 'Mars/Base': use an IANA name such as Europe/Paris.", BackupSchedule.Validate(null, "Mars/Base"));
    }

    [Fact]
    public void Validate_WindowsTimeZoneName_NamesItsIanaEquivalent()
    {
        Assert.Equal("'Romance Standard Time' is a Windows time zone name: use its IANA name Europe/Paris.",
            BackupSchedule.Validate("0 3 * * *", "Romance Standard Time"));
    }

    [Fact]
    public void Next_DailyAtThreeAcrossBothParisChanges_StaysAtThreeLocalTime()
    {
        var beforeSpring = BackupSchedule.Next("0 3 * * *", Paris, new DateTimeOffset(2026, 3, 28, 3, 0, 0, TimeSpan.FromHours(1)));
        var beforeAutumn = BackupSchedule.Next("0 3 * * *", Paris, new DateTimeOffset(2026, 10, 24, 3, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), beforeSpring);
        Assert.Equal(TimeSpan.FromHours(2), beforeSpring!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.Zero), beforeAutumn);
        Assert.Equal(TimeSpan.FromHours(1), beforeAutumn!.Value.Offset);
    }

    [Fact]
    public void Next_TimeSkippedBySpringChange_FiresAtTheEndOfTheGapOnce()
    {
        var skipped = BackupSchedule.Next("30 2 * * *", Paris, new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var after = BackupSchedule.Next("30 2 * * *", Paris, skipped!.Value);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), skipped);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), after);
    }

    [Fact]
    public void Next_TimeRepeatedByAutumnChange_FiresOnlyOnce()
    {
        var first = BackupSchedule.Next("30 2 * * *", Paris, new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        var following = BackupSchedule.Next("30 2 * * *", Paris, first!.Value);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)), following);
    }

    [Fact]
    public void Next_TwentyNinthOfFebruary_WaitsForTheLeapYear()
    {
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.FromHours(1)),
            BackupSchedule.Next("0 0 29 2 *", Paris, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_InvalidScheduleOrZone_ThrowsWithTheValidationMessage()
    {
        var badCron = Assert.Throws<ArgumentException>(() => BackupSchedule.Next("61 * * * *", Paris, DateTimeOffset.UnixEpoch));
        var badZone = Assert.Throws<ArgumentException>(() => BackupSchedule.Next("0 3 * * *", "Mars/Base", DateTimeOffset.UnixEpoch));

        Assert.StartsWith("'61 * * * *' is not a valid cron schedule", badCron.Message);
        Assert.StartsWith("Unknown time zone 'Mars/Base'", badZone.Message);
    }

    [Theory]
    [InlineData(null, "only when run by hand")]
    [InlineData("0 3 * * *", "every day at 03:00 (Europe/Paris)")]
    [InlineData("@daily", "every day at 00:00 (Europe/Paris)")]
    [InlineData("15 * * * *", "every hour at :15")]
    [InlineData("5,35 * * * *", "every hour at :05 and :35")]
    [InlineData("*/15 * * * *", "every 15 minutes")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("0 */6 * * *", "every day at 00:00, 06:00, 12:00 and 18:00 (Europe/Paris)")]
    [InlineData("0 */2 * * *", "every 2 hours at :00 (Europe/Paris)")]
    [InlineData("30 2 * * 1-5", "Monday to Friday at 02:30 (Europe/Paris)")]
    [InlineData("0 4 * * SUN", "every Sunday at 04:00 (Europe/Paris)")]
    [InlineData("0 4 * * 1,3", "every Monday and Wednesday at 04:00 (Europe/Paris)")]
    [InlineData("0 3 1 * *", "on day 1 of every month at 03:00 (Europe/Paris)")]
    [InlineData("0 3 1 1 *", "cron '0 3 1 1 *' (Europe/Paris)")]
    [InlineData("0 3 L * *", "cron '0 3 L * *' (Europe/Paris)")]
    [InlineData("61 * * * *", "invalid schedule '61 * * * *' (Europe/Paris)")]
    public void Describe_CommonForms_ReadAsShortText(string? cron, string expected)
    {
        Assert.Equal(expected, BackupSchedule.Describe(cron, Paris));
    }
}
