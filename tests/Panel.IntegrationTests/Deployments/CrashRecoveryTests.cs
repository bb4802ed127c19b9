using System.Net.Http.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>The panel process killed in the middle of a deployment, then started again on the same database.</summary>
[Collection(DockerDeployments.Name)]
public sealed class CrashRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledMidDeploy_Restarted_MarksItFailedRemovesTheHalfStartedVersionAndOldOneServes()
    {
        await TestImages.EnsureBusyboxAsync();
        await using var git = await GitServer.StartAsync();
        var repo = await git.CreateRepositoryAsync("crash", SampleApp.Files("1"));
        var factory = new BootstrappedPanel();
        var settings = new Dictionary<string, string?>(factory.Settings)
        {
            ["ConnectionStrings:Panel"] = PostgresCluster.ConnectionString(factory.DatabaseName),
            ["Panel:DataPath"] = factory.DataPath,
        };

        var first = PanelProcess.Start(settings);
        Guid serviceId, secondDeployment;
        DeployClient client;
        try
        {
            await first.WaitReadyAsync(TimeSpan.FromSeconds(90));
            client = new DeployClient(first.CreateApiClient(BootstrappedPanel.Token));
            var project = await client.CreateProjectAsync("crash");
            serviceId = await client.CreateGitApplicationAsync(project, "api", repo.CloneUri);
            var firstDeployment = await client.DeploySucceededAsync(serviceId);

            // The next version never becomes healthy within its (long) start period: kill the panel meanwhile.
            await repo.CommitAsync(SampleApp.FailingHealth("2"), "Never healthy");
            var patch = await client.Api.PatchAsJsonAsync($"/api/services/{serviceId}",
                new { healthCheck = new { startPeriodSeconds = 600 } }, Ct);
            patch.EnsureSuccessStatusCode();
            secondDeployment = await client.DeployAsync(serviceId);
            await client.WaitStepAsync(secondDeployment, "health check");
            Assert.NotEqual("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={secondDeployment}")).Trim());
            Assert.Equal(firstDeployment, (await client.GetServiceAsync(serviceId)).GetProperty("liveDeploymentId").GetGuid());
        }
        finally
        {
            await first.KillAsync();
        }

        await using var second = PanelProcess.Start(settings);
        await second.WaitReadyAsync(TimeSpan.FromSeconds(90));
        client = new DeployClient(second.CreateApiClient(BootstrappedPanel.Token));

        var interrupted = await client.GetDeploymentAsync(secondDeployment);
        Assert.Equal("failed", interrupted.GetProperty("status").GetString());
        Assert.Contains("panel stopped", interrupted.GetProperty("error").GetString());
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.deployment={secondDeployment}")).Trim());
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));

        // And the panel deploys again normally afterwards.
        await repo.CommitAsync(SampleApp.Files("3"), "Version 3");
        var patchBack = await client.Api.PatchAsJsonAsync($"/api/services/{serviceId}",
            new { healthCheck = new { startPeriodSeconds = 30 } }, Ct);
        patchBack.EnsureSuccessStatusCode();
        await client.DeploySucceededAsync(serviceId);
        Assert.Contains("version 3", await client.FetchLiveAsync(serviceId, "/index.html"));
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);
    }
}
