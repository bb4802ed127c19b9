using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.ScheduledJobs;
using DropIt.Panel.IntegrationTests.Compose;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.ScheduledJobs;

/// <summary>
/// A scheduled job on a compose stack (decision 043) on the real engine: it runs as a one-off task from the named
/// compose service's live image and environment, on the stack's network and with its secrets; a compose service that is
/// not in the stack is refused with the services it could name.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class ComposeJobTests : PanelTest<BootstrappedPanel>
{
    private const string Token = "compose-job-token-81f3";

    private const string ComposeFile = """
        services:
          web:
            image: dropit-test/busybox:latest
            command: ["sh", "-c", "mkdir -p /www && echo pong-from-web > /www/index.html && exec httpd -f -p 8080 -h /www"]
            networks: [back]
          worker:
            image: dropit-test/busybox:latest
            command: ["sleep", "3600"]
            environment:
              ROLE: worker-role
            networks: [back]
            secrets: [token]
        networks:
          back: {}
        secrets:
          token:
            environment: TOKEN

        """;

    private StackHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        harness = new StackHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task JobOnAComposeService_RunsWithItsEnvironmentNetworkAndSecrets_AServiceNotInTheStackIsRefused()
    {
        var api = Panel.Api();
        var project = await harness.CreateProjectAsync("cmp-jobs");
        var created = await api.PostAsJsonAsync($"/api/projects/{project}/compose", new
        {
            name = "tasks", composeFile = ComposeFile, env = $"TOKEN={Token}\n",
        }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var serviceId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var view = (await Panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().FindAsync(serviceId, CancellationToken.None)))!;
        harness.Track(view);

        var beforeDeploy = await api.PostAsJsonAsync($"/api/services/{serviceId}/jobs", new { name = "early", command = "true", composeService = "worker" }, Ct);
        Assert.Equal(409, (int)beforeDeploy.StatusCode);
        Assert.Contains("Deploy it first", (await beforeDeploy.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());

        var deployment = await harness.DeployAsync(serviceId);
        Assert.True(deployment.Status == DeploymentStatus.Succeeded, deployment.Error);

        var unknown = await api.PostAsJsonAsync($"/api/services/{serviceId}/jobs", new { name = "bad", command = "true", composeService = "cron" }, Ct);
        Assert.Equal(400, (int)unknown.StatusCode);
        var unknownText = (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("has no compose service \"cron\"; choose one of: web, worker", unknownText);
        var missing = await api.PostAsJsonAsync($"/api/services/{serviceId}/jobs", new { name = "bad", command = "true" }, Ct);
        Assert.Equal(400, (int)missing.StatusCode);

        var job = await api.PostAsJsonAsync($"/api/services/{serviceId}/jobs", new
        {
            name = "probe", composeService = "worker", schedule = "", timeoutSeconds = 60,
            command = "echo role=$ROLE; test -s /run/secrets/token && echo secret-mounted; wget -qO- http://web:8080/",
        }, ApiJson.Options, Ct);
        var jobText = await job.Content.ReadAsStringAsync(Ct);
        Assert.True(job.IsSuccessStatusCode, jobText);
        var jobBody = JsonDocument.Parse(jobText).RootElement;
        Assert.Equal("worker", jobBody.GetProperty("composeService").GetString());
        var jobId = jobBody.GetProperty("id").GetGuid();

        var accepted = await api.PostAsync($"/api/jobs/{jobId}/run", null, Ct);
        Assert.Equal(202, (int)accepted.StatusCode);
        var run = await Eventually.MatchesAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/runs", ApiJson.Options, Ct)).EnumerateArray().FirstOrDefault(),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() is "succeeded" or "failed" or "timed-out",
            TimeSpan.FromSeconds(120), "the run to end");
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/runs/{run.GetProperty("id").GetGuid()}", ApiJson.Options, Ct);
        var log = detail.GetProperty("log").GetString() ?? "";
        Assert.True(run.GetProperty("status").GetString() == "succeeded", $"{run}\n{log}");
        Assert.Contains("role=worker-role", log);
        Assert.Contains("secret-mounted", log);
        Assert.Contains("pong-from-web", log);
        Assert.DoesNotContain(Token, log);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "--format", "{{.Name}}", "--filter",
            $"label={ScheduledJobRun.EngineLabel}")).Trim());
    }
}
