using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>Deploys from a Git repository on loopback to the real Docker engine (Swarm, dnsrr), through the API.</summary>
[Collection(DockerDeployments.Name)]
public sealed class GitDeployTests : PanelTest<BootstrappedPanel>
{
    private const string GitToken = "git-token-for-tests-8c1f";
    private const string SecretValue = "s3cr3t-value-that-must-not-leak";
    private GitServer git = null!;
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        git = await GitServer.StartAsync(GitToken);
        client = new DeployClient(Panel.Api());
    }

    private async Task<(Guid ServiceId, GitRepository Repo)> CreateAppAsync(string name)
    {
        var repo = await git.CreateRepositoryAsync(name, SampleApp.Files("1"));
        var project = await client.CreateProjectAsync($"p-{name}");
        var serviceId = await client.CreateGitApplicationAsync(project, "api", repo.CloneUri, GitToken);
        return (serviceId, repo);
    }

    [Fact]
    public async Task Deploy_GitRepositoryWithCacheMount_GoesLiveWithVariablesAndKeepsThemOutOfTheLog()
    {
        var (serviceId, repo) = await CreateAppAsync("first");
        var put = await client.Api.PutAsync($"/api/services/{serviceId}/env",
            new StringContent($"APP_SECRET={SecretValue}\nAPP_MODE=production\n", System.Text.Encoding.UTF8, "text/plain"), Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));

        var deploymentId = await client.DeploySucceededAsync(serviceId);

        var deployment = await client.GetDeploymentAsync(deploymentId);
        Assert.Equal(await repo.HeadAsync("main"), deployment.GetProperty("commitHash").GetString());
        Assert.True(deployment.GetProperty("live").GetBoolean());
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));

        var log = await client.LogAsync(deploymentId);
        Assert.Contains("--mount=type=cache", log);
        Assert.DoesNotContain(SecretValue, log);
        Assert.DoesNotContain(GitToken, log);

        // The variable reached the container itself.
        var upstream = await client.UpstreamAsync(serviceId);
        var container = (await TestImages.DockerAsync("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={upstream!.Host}")).Trim();
        Assert.Contains($"APP_SECRET={SecretValue}", (await TestImages.DockerAsync("exec", container, "env")).Split('\n'));

        // Nor is it in the panel's own log files.
        foreach (var file in Directory.GetFiles(Path.Combine(Panel.DataPath, "logs"), "*.log", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file, Ct);
            Assert.DoesNotContain(SecretValue, text);
            Assert.DoesNotContain(GitToken, text);
        }

        // Variables are listed by name only.
        var env = await client.Api.GetStringAsync($"/api/services/{serviceId}/env", Ct);
        Assert.Contains("APP_SECRET", env);
        Assert.DoesNotContain(SecretValue, env);
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Redeploy_FailingHealthCheck_FailsWithReasonAndPreviousVersionKeepsServing()
    {
        var (serviceId, repo) = await CreateAppAsync("health");
        var first = await client.DeploySucceededAsync(serviceId);
        await repo.CommitAsync(SampleApp.FailingHealth("2"), "Listen on the wrong port");

        var second = await client.DeployAsync(serviceId);
        var failed = await client.WaitFinishedAsync(second);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("health check", failed.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("previous version keeps serving", failed.GetProperty("error").GetString());
        var service = await client.GetServiceAsync(serviceId);
        Assert.Equal(first, service.GetProperty("liveDeploymentId").GetGuid());
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        var leftovers = await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={second}");
        Assert.Equal("", leftovers.Trim());
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Rollback_ToFirstDeployment_ServesItAgainWithoutBuilding()
    {
        var (serviceId, repo) = await CreateAppAsync("rollback");
        var first = await client.DeploySucceededAsync(serviceId);
        await repo.CommitAsync(SampleApp.Files("2"), "Version 2");
        await client.DeploySucceededAsync(serviceId);
        Assert.Contains("version 2", await client.FetchLiveAsync(serviceId, "/index.html"));

        var response = await client.Api.PostAsync($"/api/deployments/{first}/rollback", null, Ct);
        Assert.Equal(202, (int)response.StatusCode);
        var rollbackId = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        var rollback = await client.WaitFinishedAsync(rollbackId);

        Assert.Equal(("succeeded", "rollback"), (rollback.GetProperty("status").GetString(), rollback.GetProperty("trigger").GetString()));
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        var log = await client.LogAsync(rollbackId);
        Assert.Contains("no build", log);
        Assert.DoesNotContain("Building", log);
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Cancel_DuringBuild_StopsTheBuildAndLeavesNothingRunning()
    {
        var (serviceId, repo) = await CreateAppAsync("cancel");
        await client.DeploySucceededAsync(serviceId);
        var slow = new Dictionary<string, string>(SampleApp.Files("2"))
        {
            ["Dockerfile"] = $"FROM {TestImages.Busybox}\nRUN echo slow-build-started && sleep 300\n",
        };
        await repo.CommitAsync(slow, "A slow build");
        var deploymentId = await client.DeployAsync(serviceId);
        await client.WaitStepAsync(deploymentId, "building");
        await WaitForLogAsync(deploymentId, "slow-build-started");

        var cancel = await client.Api.PostAsync($"/api/deployments/{deploymentId}/cancel", null, Ct);
        Assert.Equal(202, (int)cancel.StatusCode);
        var finished = await client.WaitFinishedAsync(deploymentId, timeoutSeconds: 30);

        Assert.Equal("cancelled", finished.GetProperty("status").GetString());
        var builds = await TestImages.DockerAsync("ps", "-q", "--filter", "ancestor=" + TestImages.Busybox, "--filter", "status=running");
        var buildRunning = (await Task.WhenAll(builds.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => TestImages.DockerAsync("inspect", "--format", "{{.Path}} {{.Args}}", id)))).Any(c => c.Contains("sleep 300"));
        Assert.False(buildRunning);
        Assert.DoesNotContain(ProcessCommandLines(), c => c.Contains("build") && c.Contains(deploymentId.ToString("N")));
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task TwoBuilds_WithOneBuildSlot_TheSecondWaitsForTheFirst()
    {
        var (slowId, slowRepo) = await CreateAppAsync("slot-slow");
        var (otherId, _) = await CreateAppAsync("slot-other");
        await slowRepo.CommitAsync(new Dictionary<string, string>(SampleApp.Files("2"))
        {
            ["Dockerfile"] = $"FROM {TestImages.Busybox}\nRUN echo holding-the-slot && sleep 300\n",
        }, "A slow build");
        var slow = await client.DeployAsync(slowId);
        await client.WaitStepAsync(slow, "building");

        var other = await client.DeployAsync(otherId);
        await client.WaitStepAsync(other, "waiting for a build slot");
        Assert.Equal("building", (await client.GetDeploymentAsync(slow)).GetProperty("step").GetString());

        await client.Api.PostAsync($"/api/deployments/{slow}/cancel", null, Ct);
        var finished = await client.WaitFinishedAsync(other);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        await DeleteAsync(slowId);
        await DeleteAsync(otherId);
    }

    [Fact]
    public async Task StopStartRestart_ScaleTheLiveVersionAndItServesAgain()
    {
        var (serviceId, _) = await CreateAppAsync("control");
        await client.DeploySucceededAsync(serviceId);
        var upstream = await client.UpstreamAsync(serviceId);

        Assert.Equal(204, (int)(await client.Api.PostAsync($"/api/services/{serviceId}/stop", null, Ct)).StatusCode);
        var stopped = await client.GetServiceAsync(serviceId);
        Assert.Equal(("stopped", JsonValueKind.Null), (stopped.GetProperty("status").GetString(), stopped.GetProperty("upstream").ValueKind));
        Assert.Equal("0", (await TestImages.DockerAsync("service", "inspect", "--format", "{{.Spec.Mode.Replicated.Replicas}}", upstream!.Host)).Trim());

        Assert.Equal(204, (int)(await client.Api.PostAsync($"/api/services/{serviceId}/start", null, Ct)).StatusCode);
        Assert.Equal(204, (int)(await client.Api.PostAsync($"/api/services/{serviceId}/restart", null, Ct)).StatusCode);
        Assert.Equal("running", (await client.GetServiceAsync(serviceId)).GetProperty("status").GetString());
        await Eventually.MatchesAsync(async () =>
            {
                try
                {
                    return await client.FetchLiveAsync(serviceId, "/index.html");
                }
                catch (InvalidOperationException e)
                {
                    return e.Message; // Not served yet (the probe's request failed).
                }
            }, page => page.Contains("version 1"), TimeSpan.FromSeconds(60), "\"version 1\" served again", TimeSpan.FromMilliseconds(500));

        await DeleteAsync(serviceId);
    }

    private static List<string> ProcessCommandLines() =>
        Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists)
            .Select(f =>
            {
                try
                {
                    return File.ReadAllText(f).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .ToList();

    private async Task WaitForLogAsync(Guid deploymentId, string text)
    {
        await Eventually.MatchesAsync(() => client.LogAsync(deploymentId), log => log.Contains(text), TimeSpan.FromSeconds(60),
            $"\"{text}\" in the log", TimeSpan.FromMilliseconds(200));
    }

    private async Task DeleteAsync(Guid serviceId)
    {
        var response = await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct);
        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.service={serviceId}")).Trim());
    }

    public override async ValueTask DisposeAsync()
    {
        await git.DisposeAsync();
        await base.DisposeAsync();
    }
}
