using System.Net.Http.Json;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>
/// Release commands (decision 042): run once from the new image before the switch, on a first deployment too; a failing
/// one fails the deployment and the previous version keeps serving; a failing post-deploy command is only reported.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class ReleaseCommandTests : PanelTest<BootstrappedPanel>
{
    private const string ClientImage = "dropit-test/release-client:latest";

    private DatabaseHarness harness = null!;
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Exposes8080Image.EnsureAsync();
        harness = new DatabaseHarness(Panel);
        client = new DeployClient(Panel.Api());
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task FirstDeploy_ReleaseCommandCreatesATable_TheNewVersionFindsItWhenItStarts()
    {
        await DatabaseImages.EnsureAsync();
        // At its start the application says whether the table the migration creates is there, then stays up.
        await TestImages.DockerBuildAsync(ClientImage, $$"""
            FROM {{DatabaseImages.Postgres15}}
            ENTRYPOINT []
            CMD ["sh", "-c", "if psql \"$DATABASE_URL\" -tAc 'SELECT 1 FROM migrated LIMIT 0' >/dev/null 2>&1; then echo marker table present; else echo marker table missing; fi; exec sleep 3600"]
            """);
        var project = await harness.CreateProjectAsync("release-db");
        var created = await harness.CreateAsync(project, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15"));
        Assert.True(created.Succeeded, created.Error);
        var database = await harness.WaitDeployedAsync(created.Value!.Id);
        Assert.True(database.Status == DeploymentStatus.Succeeded, database.Error);

        var app = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = ClientImage },
            healthCheck = new { mode = "none" },
            release = new { command = "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -c 'CREATE TABLE migrated (id int)'" },
        });
        var put = await client.Api.PutAsync($"/api/services/{app}/env",
            new StringContent("DATABASE_URL=${{ db.url }}\n", System.Text.Encoding.UTF8, "text/plain"), Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));

        var deployment = await client.DeploySucceededAsync(app);

        var log = await client.LogAsync(deployment);
        var migrated = log.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        var started = log.IndexOf("Started Docker service", StringComparison.Ordinal);
        Assert.True(migrated >= 0 && migrated < started, $"The release output before the new version starts:\n{log}");
        Assert.Contains("The release command succeeded.", log);
        var appLog = await Eventually.MatchesAsync(
            () => TestImages.DockerAsync("service", "logs", "--raw", $"{ServiceName(log)}"),
            l => l.Contains("marker table"), TimeSpan.FromSeconds(60), "the application's first lines");
        Assert.Contains("marker table present", appLog);
        Assert.Empty(await OneOffServicesAsync(app));
    }

    [Fact]
    public async Task FailingReleaseCommand_FailsWithItsCodeAndLastLine_AndThePreviousVersionKeepsServing()
    {
        var project = await harness.CreateProjectAsync("release-fails");
        var app = await CreateServingAppAsync(project);
        var first = await client.DeploySucceededAsync(app);
        var liveName = ServiceName(await client.LogAsync(first));

        await PatchAsync(app, new { release = new { command = "echo migrating; echo 'relation users is locked' >&2; exit 3" } });
        var failed = await client.WaitFinishedAsync(await client.DeployAsync(app));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains("The release command exited with code 3", error);
        Assert.Contains("relation users is locked", error);
        Assert.Contains("previous version", error);
        Assert.Equal(DeploymentSteps.Release, failed.GetProperty("step").GetString());
        var service = await client.GetServiceAsync(app);
        Assert.Equal(first, service.GetProperty("liveDeploymentId").GetGuid());
        Assert.Equal(liveName, (await TestImages.DockerAsync("service", "ls", "--format", "{{.Name}}",
            "--filter", $"label=dropit.service={app}")).Trim());
        Assert.Contains("ok", await client.FetchLiveAsync(app, "/health"));
    }

    [Fact]
    public async Task FailingPostDeployCommand_LeavesTheDeploymentSucceededWithTheFailureReported()
    {
        var project = await harness.CreateProjectAsync("post-deploy");
        var app = await CreateServingAppAsync(project);
        await PatchAsync(app, new { release = new { postDeployCommand = "echo warming caches; exit 4" } });

        var deployment = await client.DeploySucceededAsync(app);

        var finished = await client.GetDeploymentAsync(deployment);
        var warning = finished.GetProperty("warning").GetString()!;
        Assert.Contains("The post-deploy command exited with code 4", warning);
        Assert.Contains("warming caches", warning);
        Assert.Equal(deployment, (await client.GetServiceAsync(app)).GetProperty("liveDeploymentId").GetGuid());
        Assert.Contains("ok", await client.FetchLiveAsync(app, "/health"));
        Assert.Empty(await OneOffServicesAsync(app));
    }

    private Task<Guid> CreateServingAppAsync(Guid project) => client.CreateApplicationAsync(project, new
    {
        name = "web", kind = "application", source = new { type = "image", image = Exposes8080Image.Tag }, port = 8080,
        healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
    });

    private async Task PatchAsync(Guid app, object body)
    {
        var patch = await client.Api.PatchAsJsonAsync($"/api/services/{app}", body, Ct);
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The Docker service a deployment log says it started.</summary>
    private static string ServiceName(string log)
    {
        const string marker = "Started Docker service ";
        var start = log.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return log[start..log.IndexOf(' ', start)];
    }

    private static async Task<string> OneOffServicesAsync(Guid app) =>
        string.Join(' ', (await TestImages.DockerAsync("service", "ls", "--format", "{{.Name}}", "--filter", $"label=dropit.service={app}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.EndsWith("-release") || n.EndsWith("-post-deploy")));
}
