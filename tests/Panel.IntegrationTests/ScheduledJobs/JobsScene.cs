using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.ScheduledJobs;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DropIt.Panel.IntegrationTests.ScheduledJobs;

/// <summary>
/// One deployed application (busybox httpd, a variable GREETING) in a panel whose own scheduler is off: each test
/// drives a scheduler of its own on a fake clock, against the panel's database and the real Docker engine.
/// </summary>
public sealed class JobsScene : IAsyncLifetime
{
    public const string Project = "jobs-it";

    public JobsScene()
    {
        Panel.Settings["ScheduledJobs:SchedulerEnabled"] = "false";
    }

    public BootstrappedPanel Panel { get; } = new();

    public DeployClient Client { get; private set; } = null!;

    public Guid ProjectId { get; private set; }

    public Guid ServiceId { get; private set; }

    private DatabaseHarness harness = null!;

    public async ValueTask InitializeAsync()
    {
        await Exposes8080Image.EnsureAsync();
        harness = new DatabaseHarness(Panel);
        ProjectId = await harness.CreateProjectAsync(Project);
        Client = new DeployClient(Panel.Api());
        ServiceId = await Client.CreateApplicationAsync(ProjectId, new
        {
            name = "web", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
            healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
        });
        var put = await Client.Api.PutAsync($"/api/services/{ServiceId}/env",
            new StringContent("GREETING=hello-from-env\n", System.Text.Encoding.UTF8, "text/plain"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await Client.DeploySucceededAsync(ServiceId);
    }

    public async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await Panel.DisposeAsync();
    }

    /// <summary>A scheduler of the panel's services on a fake clock that starts now.</summary>
    public (JobScheduler Scheduler, FakeTimeProvider Clock) FakeScheduler()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (ActivatorUtilities.CreateInstance<JobScheduler>(Panel.Services, (TimeProvider)clock), clock);
    }

    public async Task<JsonElement> CreateJobAsync(object body)
    {
        var response = await Client.Api.PostAsJsonAsync($"/api/services/{ServiceId}/jobs", body, ApiJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<JsonElement[]> RunsAsync(Guid jobId) =>
        [.. (await Client.Api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/runs", ApiJson.Options)).EnumerateArray()];

    public async Task<JsonElement> RunAsync(Guid jobId, Guid runId) =>
        await Client.Api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/runs/{runId}", ApiJson.Options);

    /// <summary>The one-off Docker services of job runs still there.</summary>
    public static async Task<string> OneOffServicesAsync() =>
        (await TestImages.DockerAsync("service", "ls", "--format", "{{.Name}}", "--filter", $"label={ScheduledJobRun.EngineLabel}")).Trim();
}
