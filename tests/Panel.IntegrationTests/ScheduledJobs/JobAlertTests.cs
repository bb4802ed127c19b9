using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Alerts;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.ScheduledJobs;

/// <summary>
/// A scheduled job's failure reaches the admin (decision 043): only its last attempt raises job.failed, delivered to a
/// real webhook receiver and signed; the job's next success sends "resolved".
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class JobAlertTests(JobsScene scene) : IClassFixture<JobsScene>
{
    private const string Secret = "job-hook-secret-51d0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LastAttemptFails_WebhookGetsOneSignedJobFailedAlert_ThenTheNextSuccessSendsResolved()
    {
        using var receiver = new AlertReceiver();
        await AlertChannelTests.CreateAsync(scene.Client.Api, new
        {
            name = "jobs hook", kind = "webhook", events = new[] { "job.failed" },
            settings = new Dictionary<string, string> { ["url"] = receiver.Url, ["secret"] = Secret },
        });
        var jobId = (await scene.CreateJobAsync(new
        {
            name = "nightly", command = "echo migrating; exit 4", schedule = "", retries = 1, backoffSeconds = 30,
        })).GetProperty("id").GetGuid();

        // Run now queues the run at the panel's time: the fake clock starts after it.
        Assert.Equal(202, (int)(await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct)).StatusCode);
        var (scheduler, clock) = scene.FakeScheduler();
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();

        Assert.Equal(["failed", "failed"], (await scene.RunsAsync(jobId)).Select(r => r.GetProperty("status").GetString()));
        var told = await receiver.WaitForAsync(r => r.Count >= 1, Patience, "the job.failed alert");
        // The first message is the last attempt's: the first attempt, with a retry left, raised nothing.
        var alert = SignedJson(told[0]);
        Assert.Equal("alert", alert.GetProperty("type").GetString());
        Assert.Equal("job.failed", alert.GetProperty("event").GetString());
        Assert.Equal("job.failed", told[0].Headers["X-DropIt-Event"]);
        Assert.Equal("Job nightly of web failed", alert.GetProperty("title").GetString());
        var text = alert.GetProperty("message").GetString()!;
        Assert.Contains("after 2 attempts", text);
        Assert.Contains("exited with code 4", text);
        Assert.Contains("run the job again", text);
        Assert.Equal("web", alert.GetProperty("service").GetString());
        Assert.Equal(JobsScene.Project, alert.GetProperty("project").GetString());
        Assert.EndsWith($"/services/{scene.ServiceId}", alert.GetProperty("url").GetString());

        var fixedCommand = await scene.Client.Api.PatchAsJsonAsync($"/api/jobs/{jobId}", new { command = "echo migrated" }, ApiJson.Options, Ct);
        Assert.True(fixedCommand.IsSuccessStatusCode, await fixedCommand.Content.ReadAsStringAsync(Ct));
        Assert.Equal(202, (int)(await scene.Client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct)).StatusCode);
        (scheduler, _) = scene.FakeScheduler();
        await scheduler.TickAsync(Ct);
        await scheduler.WhenIdleAsync();

        Assert.Equal("succeeded", (await scene.RunsAsync(jobId))[0].GetProperty("status").GetString());
        var all = await receiver.WaitForAsync(r => r.Count >= 2, Patience, "the resolved message");
        var resolved = SignedJson(all[1]);
        Assert.Equal("resolved", resolved.GetProperty("type").GetString());
        Assert.Equal("job.failed", resolved.GetProperty("event").GetString());
        Assert.Equal("Resolved: job nightly of web succeeds again", resolved.GetProperty("title").GetString());
        Assert.Equal(2, receiver.Requests.Count);
    }

    /// <summary>The body, once its signature verifies with the channel's secret as a receiver would check it.</summary>
    private static JsonElement SignedJson(ReceivedRequest request)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.True(CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(request.Headers.GetValueOrDefault("X-DropIt-Signature-256", ""))), "the signature does not verify");
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }
}
