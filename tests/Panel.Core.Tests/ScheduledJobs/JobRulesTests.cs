using DropIt.Panel.Core.ScheduledJobs;
using Microsoft.Extensions.Time.Testing;

namespace DropIt.Panel.Core.Tests.ScheduledJobs;

/// <summary>Schedules, time zones, back-off and overlap of scheduled jobs (decision 043), on a fake clock.</summary>
public sealed class JobRulesTests
{
    private static readonly JobInput Valid = new("report", "node report.js", "*/5 * * * *", "Europe/Paris");

    [Fact]
    public void NextRun_EveryMinute_IsTheNextWholeMinuteOnTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 15, 20, TimeSpan.Zero));
        var job = Job("* * * * *", "UTC");

        var first = JobRules.NextRun(job, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(40));
        var second = JobRules.NextRun(job, clock.GetUtcNow());

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 16, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 17, 0, TimeSpan.Zero), second);
    }

    [Fact]
    public void NextRun_ReadsTheScheduleInTheJobsTimeZone_AcrossDaylightSaving()
    {
        var job = Job("30 2 * * *", "Europe/Paris");

        // 29 March 2026: Paris goes from 02:00 to 03:00; the skipped 02:30 fires at the end of the gap (01:00 UTC).
        var spring = JobRules.NextRun(job, new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var summer = JobRules.NextRun(job, new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), spring!.Value.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 0, 30, 0, TimeSpan.Zero), summer!.Value.ToUniversalTime());
    }

    [Fact]
    public void NextRun_DisabledOrWithoutSchedule_IsNone()
    {
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var disabled = Job("* * * * *", "UTC");
        disabled.Enabled = false;

        Assert.Null(JobRules.NextRun(disabled, now));
        Assert.Null(JobRules.NextRun(Job(null, "UTC"), now));
    }

    [Theory]
    [InlineData("*/5 * * * * *", "schedule:")]
    [InlineData("61 * * * *", "schedule:")]
    [InlineData("0 0 30 2 *", "never fires")]
    public void Validate_BadSchedule_NamesTheField(string schedule, string expected)
    {
        var error = JobRules.Validate(Valid with { Schedule = schedule });

        Assert.NotNull(error);
        Assert.Contains(expected, error);
        Assert.Contains("five fields", error);
    }

    [Theory]
    [InlineData("Mars/Olympus", "timeZone: Unknown time zone")]
    [InlineData("Romance Standard Time", "timeZone: 'Romance Standard Time' is a Windows time zone name: use its IANA name Europe/Paris")]
    public void Validate_BadTimeZone_NamesTheFieldAndTheFix(string zone, string expected) =>
        Assert.StartsWith(expected, JobRules.Validate(Valid with { TimeZone = zone }));

    [Fact]
    public void Validate_Limits_NameTheirField()
    {
        Assert.Null(JobRules.Validate(Valid));
        Assert.Null(JobRules.Validate(Valid with { Schedule = "" }));
        Assert.StartsWith("name:", JobRules.Validate(Valid with { Name = " " }));
        Assert.StartsWith("command:", JobRules.Validate(Valid with { Command = "" }));
        Assert.StartsWith("timeoutSeconds:", JobRules.Validate(Valid with { TimeoutSeconds = 0 }));
        Assert.StartsWith("retries:", JobRules.Validate(Valid with { Retries = 11 }));
        Assert.StartsWith("backoffSeconds:", JobRules.Validate(Valid with { BackoffSeconds = 0 }));
    }

    [Fact]
    public void Backoff_DoublesAtEachRetry_UpToTheCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), JobRules.Backoff(10, 2));
        Assert.Equal(TimeSpan.FromSeconds(20), JobRules.Backoff(10, 3));
        Assert.Equal(TimeSpan.FromSeconds(40), JobRules.Backoff(10, 4));
        Assert.Equal(JobRules.MaxBackoff, JobRules.Backoff(3600, 11));
    }

    [Fact]
    public void Retries_FollowAFailedAttemptWhileAttemptsRemain()
    {
        var job = Job("* * * * *", "UTC");
        job.Retries = 2;

        Assert.True(JobRules.Retries(job, 1));
        Assert.True(JobRules.Retries(job, 2));
        Assert.False(JobRules.Retries(job, 3));
    }

    [Theory]
    [InlineData(JobOverlap.Skip, false, false, JobPlan.Start)]
    [InlineData(JobOverlap.Queue, false, false, JobPlan.Start)]
    [InlineData(JobOverlap.Skip, true, false, JobPlan.Skip)]
    [InlineData(JobOverlap.Queue, true, false, JobPlan.Wait)]
    [InlineData(JobOverlap.Queue, true, true, JobPlan.Skip)]
    public void Plan_FollowsTheOverlapPolicy(JobOverlap overlap, bool busy, bool anotherWaits, JobPlan expected) =>
        Assert.Equal(expected, JobRules.Plan(overlap, busy, anotherWaits));

    [Fact]
    public void Describe_SaysTheScheduleInWords()
    {
        Assert.Equal("every minute", JobRules.Describe(Job("* * * * *", "UTC")));
        Assert.Equal("every day at 03:00 (Europe/Paris)", JobRules.Describe(Job("0 3 * * *", "Europe/Paris")));
        Assert.Equal("only when run by hand", JobRules.Describe(Job(null, "UTC")));
    }

    [Fact]
    public void RunLog_KeepsTheEndOfALongOutput_AndSaysSo()
    {
        var log = new JobRunLog(2048);
        for (var i = 0; i < 500; i++)
        {
            log.Add($"line {i}");
        }

        var text = log.Text();
        Assert.StartsWith(JobRunLog.Dropped, text);
        Assert.EndsWith("line 499", text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) <= 2048);
        Assert.Equal("line 498\nline 499", log.Tail(2));
    }

    private static ScheduledJob Job(string? schedule, string zone) =>
        new() { Name = "job", Command = "true", Schedule = schedule, TimeZone = zone };
}
