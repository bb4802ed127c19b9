using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.ScheduledJobs;

/// <summary>The panel process killed while a job runs, then started again on the same database (decision 043).</summary>
[Collection(DockerDeployments.Name)]
public sealed class JobRecoveryTests
{
    private const string Project = "jobs-crash";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PanelKilledDuringARun_StartedAgain_MarksItInterruptedRemovesItsTask_AndRunNowThroughTheApiRuns()
    {
        await Exposes8080Image.EnsureAsync();
        var factory = new BootstrappedPanel();
        var harness = new DatabaseHarness(factory);
        await harness.CleanOnlyAsync(Project);
        var settings = new Dictionary<string, string?>(factory.Settings)
        {
            ["ConnectionStrings:Panel"] = PostgresCluster.ConnectionString(factory.DatabaseName),
            ["Panel:DataPath"] = factory.DataPath,
            ["ScheduledJobs:TickSeconds"] = "1",
        };
        Guid jobId, runId;
        var first = PanelProcess.Start(settings);
        try
        {
            await first.WaitReadyAsync(TimeSpan.FromSeconds(90));
            var client = new DeployClient(first.CreateApiClient(BootstrappedPanel.Token));
            var project = await client.CreateProjectAsync(Project);
            var app = await client.CreateApplicationAsync(project, new
            {
                name = "web", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
                healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
            });
            await client.DeploySucceededAsync(app);
            var created = await client.Api.PostAsJsonAsync($"/api/services/{app}/jobs",
                new { name = "long", command = "echo begun; sleep 600", schedule = "" }, ApiJson.Options, Ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
            jobId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            var run = await client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
            Assert.Equal(202, (int)run.StatusCode);
            runId = (await run.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            await Eventually.MatchesAsync(JobsScene.OneOffServicesAsync, names => names.Length > 0, TimeSpan.FromSeconds(60),
                "the run's one-off service");
            Assert.Equal("running", (await RunAsync(client, jobId, runId)).GetProperty("status").GetString());
        }
        finally
        {
            await first.KillAsync();
        }

        try
        {
            await using var second = PanelProcess.Start(settings);
            await second.WaitReadyAsync(TimeSpan.FromSeconds(90));
            var client = new DeployClient(second.CreateApiClient(BootstrappedPanel.Token));

            var interrupted = await RunAsync(client, jobId, runId);
            Assert.Equal("interrupted", interrupted.GetProperty("status").GetString());
            Assert.Contains("panel stopped", interrupted.GetProperty("error").GetString());
            Assert.Equal("", await JobsScene.OneOffServicesAsync());

            var patch = await client.Api.PatchAsJsonAsync($"/api/jobs/{jobId}", new { command = "echo again" }, ApiJson.Options, Ct);
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));
            var again = await client.Api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
            Assert.Equal(202, (int)again.StatusCode);
            var againId = (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            var done = await Eventually.MatchesAsync(() => RunAsync(client, jobId, againId),
                r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "timed-out", TimeSpan.FromSeconds(90), "the run's end");
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            Assert.Contains("again", done.GetProperty("log").GetString());
        }
        finally
        {
            await harness.CleanAsync();
        }
    }

    private static async Task<JsonElement> RunAsync(DeployClient client, Guid jobId, Guid runId) =>
        await client.Api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/runs/{runId}", ApiJson.Options, Ct);
}
