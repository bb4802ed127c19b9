using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Alerts;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>
/// The release command of a compose stack (decision 044) on the real engine: a migration that creates a table in the
/// stack's PostgreSQL (stand-in image) before the api starts, on the first deployment; a failing one on the next
/// deployment fails it, leaves the running stack as it was, and is told once per channel as release.failed or deployment.failed.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class StackReleaseTests : PanelTest<AlertsPanel>
{
    private const string ClientImage = "dropit-test/compose-release-client:latest";
    private const string DbPassword = "pg-release-password-6c2e";

    private const string ComposeFile = """
        services:
          api:
            image: dropit-test/compose-release-client:latest
            environment:
              DATABASE_URL: postgres://postgres:${DB_PASSWORD}@db:5432/postgres
            depends_on:
              db:
                condition: service_healthy
          db:
            image: postgres:15-alpine
            environment:
              POSTGRES_PASSWORD: ${DB_PASSWORD}
            volumes:
              - pgdata:/var/lib/postgresql/data
            healthcheck:
              test: ["CMD", "pg_isready", "-U", "postgres", "-h", "127.0.0.1"]
              interval: 2s
              timeout: 3s
              retries: 30
        volumes:
          pgdata: {}

        """;

    private StackHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        // At its start the api says whether the table the migration creates is there, then stays up.
        await TestImages.DockerBuildAsync(ClientImage, $$"""
            FROM {{DatabaseImages.Postgres15}}
            ENTRYPOINT []
            CMD ["sh", "-c", "if psql \"$DATABASE_URL\" -tAc 'SELECT 1 FROM migrated LIMIT 0' >/dev/null 2>&1; then echo marker table present; else echo marker table missing; fi; exec sleep 3600"]
            """);
        harness = new StackHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Release_FirstDeployMigratesTheStacksDatabaseBeforeTheApi_AFailingOneKeepsTheStackAndIsToldOncePerChannel()
    {
        var api = Panel.Api();
        using var both = new AlertReceiver();
        using var deploymentsOnly = new AlertReceiver();
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "both", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = both.Url },
            events = new[] { "deployment.failed", "release.failed" },
        });
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "deployments", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = deploymentsOnly.Url },
            events = new[] { "deployment.failed" },
        });
        var project = await harness.CreateProjectAsync("cmp-release");
        var created = await api.PostAsJsonAsync($"/api/projects/{project}/compose", new
        {
            name = "shop", composeFile = ComposeFile, env = $"DB_PASSWORD={DbPassword}\n",
            release = new { command = "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -c 'CREATE TABLE migrated (id int)'", service = "api", timeoutSeconds = 120 },
        }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("api", body.GetProperty("release").GetProperty("service").GetString());
        var serviceId = body.GetProperty("id").GetGuid();
        var view = (await Panel.WithScopeAsync(sp => sp.GetRequiredService<ComposeCatalog>().FindAsync(serviceId, CancellationToken.None)))!;
        harness.Track(view);
        var stack = view.StackName;

        var first = await harness.DeployAsync(serviceId);

        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error);
        var log = await harness.LogAsync(first.Id);
        Assert.DoesNotContain(DbPassword, log);
        var database = log.IndexOf("group 1 of 2: db", StringComparison.Ordinal);
        var migrated = log.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        var started = log.IndexOf("group 2 of 2: api", StringComparison.Ordinal);
        Assert.True(database >= 0 && database < migrated && migrated < started, $"db, then the release, then the api:\n{log}");
        Assert.Contains("The release command succeeded.", log);
        var apiLog = await Eventually.MatchesAsync(() => TestImages.DockerAsync("service", "logs", "--raw", $"{stack}_api"),
            l => l.Contains("marker table"), TimeSpan.FromSeconds(60), "the api's first lines");
        Assert.Contains("marker table present", apiLog);
        Assert.Empty(await OneOffServicesAsync(stack));
        var running = await StackHarness.ContainersAsync(stack, "api", "db");

        // A release command that fails on the next deployment: nothing of the stack changes.
        var patch = await api.PatchAsJsonAsync($"/api/compose/{serviceId}", new
        {
            release = new { command = "echo migrating; echo 'relation users is locked' >&2; exit 3" },
        }, Ct);
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync(Ct));
        var failed = await harness.DeployAsync(serviceId);

        Assert.Equal(DeploymentStatus.Failed, failed.Status);
        Assert.Contains("The release command exited with code 3", failed.Error);
        Assert.Contains("relation users is locked", failed.Error);
        Assert.Equal(DeploymentSteps.Release, failed.Step);
        Assert.Equal(first.Id, (await harness.FindServiceAsync(serviceId))!.LiveDeploymentId);
        Assert.Equal(running, await StackHarness.ContainersAsync(stack, "api", "db"));
        Assert.Empty(await OneOffServicesAsync(stack));

        var toBoth = await both.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(60), "the release.failed message");
        var toDeployments = await deploymentsOnly.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(60), "the deployment.failed message");
        await Task.Delay(AlertsPanel.GroupingPeriod * 2, Ct);
        Assert.Single(both.Requests);
        Assert.Single(deploymentsOnly.Requests);
        Assert.Equal("release.failed", Json(toBoth[0]).GetProperty("event").GetString());
        Assert.Equal("deployment.failed", Json(toDeployments[0]).GetProperty("event").GetString());
        Assert.Contains("exited with code 3", Json(toBoth[0]).GetProperty("message").GetString());
    }

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    private static async Task<string> OneOffServicesAsync(string stack) =>
        (await TestImages.DockerAsync("service", "ls", "--format", "{{.Name}}", "--filter", $"name={stack}_api-")).Trim();
}
