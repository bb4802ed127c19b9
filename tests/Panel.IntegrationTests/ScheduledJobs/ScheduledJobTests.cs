using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.ScheduledJobs;

/// <summary>
/// Scheduled jobs (decision 043) on a deployed application, a scheduler on a fake clock and the real Docker engine: a job
/// due every minute runs from the live image with the service's variables; a failing one is retried after its back-off;
/// one past its timeout is killed.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class ScheduledJobTests(JobsScene scene) : IClassFixture<JobsScene>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMinuteJob_DueOnTheFakeClock_RunsFromTheLiveImageAndRecordsExitCodeLogAndDuration()
    {
        var job = await scene.CreateJobAsync(new
        {
            name = "greet", command = "echo \"$GREETING\"; cat /www/health", schedule = "* * * * *", timeZone = "Europe/Paris",
        });
        var jobId = job.GetProperty("id").GetGuid();
        var due = job.GetProperty("nextRunAt").GetDateTimeOffset();
        var (scheduler, clock) = scene.FakeScheduler();

        await scheduler.TickAsync(Ct);
        Assert.Empty(await scene.RunsAsync(jobId)); // Not due yet.
        clock.Advance(due - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();

        var run = Assert.Single(await scene.RunsAsync(jobId));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("scheduled", run.GetProperty("trigger").GetString());
        Assert.Equal(0, run.GetProperty("exitCode").GetInt64());
        Assert.True(run.GetProperty("durationMs").GetInt64() > 0);
        var log = (await scene.RunAsync(jobId, run.GetProperty("id").GetGuid())).GetProperty("log").GetString()!;
        // The variable's value is a secret of the service: masked in the stored log like in deployment logs.
        Assert.DoesNotContain("hello-from-env", log);
        Assert.Contains("********", log);
        Assert.Contains("ok", log); // /www/health exists only in the live image.
        var next = (await scene.Client.Api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", ApiJson.Options, Ct))
            .GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(due.AddMinutes(1), next);
        Assert.Equal("", await JobsScene.OneOffServicesAsync());
    }

    [Fact]
    public async Task FailingJob_IsRetriedAfterItsBackOff_ThenRecordedFailedWithItsExitCode()
    {
        var jobId = (await scene.CreateJobAsync(new
        {
            name = "flaky", command = "echo trying; exit 3", schedule = "", retries = 1, backoffSeconds = 30,
        })).GetProperty("id").GetGuid();

        var accepted = await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
        Assert.Equal(202, (int)accepted.StatusCode);
        var (scheduler, clock) = scene.FakeScheduler();
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();
        await scheduler.TickAsync(Ct); // The back-off is not over: the retry waits.
        var afterFirst = await scene.RunsAsync(jobId);
        clock.Advance(TimeSpan.FromSeconds(30));
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();

        Assert.Equal(["queued", "failed"], afterFirst.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("Retry 1 of 1 in 30 s", afterFirst[1].GetProperty("error").GetString());
        var runs = await scene.RunsAsync(jobId);
        Assert.Equal(["failed", "failed"], runs.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["retry", "manual"], runs.Select(r => r.GetProperty("trigger").GetString()));
        Assert.Equal([2, 1], runs.Select(r => r.GetProperty("attempt").GetInt32()));
        Assert.All(runs, r => Assert.Equal(3, r.GetProperty("exitCode").GetInt64()));
        Assert.Contains("The command exited with code 3", runs[0].GetProperty("error").GetString());
        Assert.Contains("trying", runs[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task JobOverItsTimeout_IsKilledAndRecordedTimedOut()
    {
        // 15 s: the timeout counts from the task's creation, and on a busy machine its container has taken over 3 s to
        // start and print its first line.
        var jobId = (await scene.CreateJobAsync(new
        {
            name = "slow", command = "echo started; sleep 300", schedule = "", timeoutSeconds = 15,
        })).GetProperty("id").GetGuid();

        var accepted = await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
        Assert.Equal(202, (int)accepted.StatusCode);
        var (scheduler, _) = scene.FakeScheduler();
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();

        var run = Assert.Single(await scene.RunsAsync(jobId));
        Assert.Equal("timed-out", run.GetProperty("status").GetString());
        Assert.Contains("did not finish within 15 s", run.GetProperty("error").GetString());
        Assert.True(run.GetProperty("durationMs").GetInt64() < 60_000);
        Assert.Contains("started", (await scene.RunAsync(jobId, run.GetProperty("id").GetGuid())).GetProperty("log").GetString());
        Assert.Equal("", await JobsScene.OneOffServicesAsync());
    }

    [Fact]
    public async Task RunNow_WhileARunGoesOnWithTheSkipPolicy_IsRefusedWithTheReason()
    {
        var jobId = (await scene.CreateJobAsync(new { name = "busy", command = "sleep 1", schedule = "" })).GetProperty("id").GetGuid();

        var first = await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
        var second = await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);

        Assert.Equal(202, (int)first.StatusCode);
        Assert.Equal(409, (int)second.StatusCode);
        Assert.Contains("overlap policy is skip", await second.Content.ReadAsStringAsync(Ct));
        var (scheduler, _) = scene.FakeScheduler();
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();
    }

    [Fact]
    public async Task NewJob_OnAnApplicationNeverDeployed_IsRefusedWithWhatToDo()
    {
        var app = await scene.Client.CreateApplicationAsync(scene.ProjectId, new
        {
            name = "idle", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
        });

        var response = await scene.Client.Api.PostAsJsonAsync($"/api/services/{app}/jobs",
            new { name = "report", command = "true", schedule = "0 3 * * *" }, ApiJson.Options, Ct);

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Contains("has never been deployed", await response.Content.ReadAsStringAsync(Ct));
    }
}
