using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>An application whose DATABASE_URL references a database reaches it, and follows a password rotation with one redeploy.</summary>
[Collection(DockerDatabases.Name)]
public sealed class LinkedApplicationTests : PanelTest<BootstrappedPanel>
{
    private const string ClientImage = "dropit-test/pg-client:latest";

    private DatabaseHarness harness = null!;
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        harness = new DatabaseHarness(Panel);
        client = new DeployClient(Panel.Api());
        // Writes a row through $DATABASE_URL, then reports what it reads back on its log, and stays up.
        await TestImages.DockerBuildAsync(ClientImage, $$"""
            FROM {{DatabaseImages.Postgres15}}
            ENTRYPOINT []
            CMD ["sh", "-c", "until psql \"$DATABASE_URL\" -tAc \"INSERT INTO visits (by) VALUES ('app') RETURNING 'visit ' || id\"; do sleep 1; done; exec sleep 3600"]
            """);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    private async Task<string> AppLogAsync(Guid serviceId)
    {
        var deployment = await client.GetServiceAsync(serviceId);
        return await Eventually.MatchesAsync(async () =>
        {
            var services = (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=dropit.service={serviceId}")).Trim();
            return services.Length == 0 ? "" : await TestImages.DockerAsync("service", "logs", "--raw", services.Split('\n')[0]);
        }, log => log.Contains("visit "), TimeSpan.FromSeconds(60), $"a visit in the log of {deployment}");
    }

    [Fact]
    public async Task Application_WithDatabaseUrlReference_ReachesTheDatabaseAndAfterARotationOneRedeployReachesItAgain()
    {
        var project = await harness.CreateProjectAsync("linked");
        var created = await harness.CreateAsync(project, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            InitScripts: [new InitScript { Name = "visits.sql", Content = "CREATE TABLE visits (id serial PRIMARY KEY, by text);" }]));
        Assert.True(created.Succeeded, created.Error);
        var first = await harness.WaitDeployedAsync(created.Value!.Id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error);

        var app = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = ClientImage },
            healthCheck = new { mode = "none" },
        });
        var put = await client.Api.PutAsync($"/api/services/{app}/env",
            new StringContent("DATABASE_URL=${{ db.url }}\n", System.Text.Encoding.UTF8, "text/plain"), Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        await client.DeploySucceededAsync(app);
        Assert.Contains("visit 1", await AppLogAsync(app));

        var rotated = await harness.ControlAsync(c => c.RotatePasswordAsync(created.Value.Id, Core.Common.Actor.System, CancellationToken.None));
        Assert.True(rotated.Succeeded, rotated.Error);
        Assert.Equal(DeploymentStatus.Succeeded, (await harness.WaitDeployedAsync(created.Value.Id, after: first.Id)).Status);
        await client.DeploySucceededAsync(app);

        Assert.Contains("visit 2", await AppLogAsync(app));
        var credentials = await harness.CredentialsAsync(created.Value.Id);
        Assert.Equal("2", (await DatabaseHarness.RunAsync(DatabaseImages.Postgres15, "psql", credentials.Url, "-tAc", "SELECT count(*) FROM visits")).Trim());
    }

    [Fact]
    public async Task Application_ReferencingAMissingDatabase_FailsWithTheVariableAndTheName()
    {
        var project = await harness.CreateProjectAsync("unlinked");
        var app = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = ClientImage },
            healthCheck = new { mode = "none" },
        });
        await client.Api.PutAsync($"/api/services/{app}/env",
            new StringContent("DATABASE_URL=${{ nosuch.url }}\n", System.Text.Encoding.UTF8, "text/plain"), Ct);

        var deployment = await client.WaitFinishedAsync(await client.DeployAsync(app));

        Assert.Equal("failed", deployment.GetProperty("status").GetString());
        Assert.Contains("DATABASE_URL refers to ${{ nosuch.url }}", deployment.GetProperty("error").GetString());
    }
}
