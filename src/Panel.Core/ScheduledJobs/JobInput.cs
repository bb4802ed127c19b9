namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>A job's settings as the API and the page give them (checked by <see cref="JobRules.Validate"/>).</summary>
public sealed record JobInput(
    string Name,
    string Command,
    string? Schedule,
    string TimeZone = "UTC",
    int TimeoutSeconds = JobRules.DefaultTimeoutSeconds,
    int Retries = 0,
    int BackoffSeconds = JobRules.DefaultBackoffSeconds,
    JobOverlap Overlap = JobOverlap.Skip,
    bool Enabled = true,
    string? ComposeService = null)
{
    public static JobInput From(ScheduledJob job) => new(job.Name, job.Command, job.Schedule, job.TimeZone, job.TimeoutSeconds,
        job.Retries, job.BackoffSeconds, job.Overlap, job.Enabled, job.ComposeService);
}
