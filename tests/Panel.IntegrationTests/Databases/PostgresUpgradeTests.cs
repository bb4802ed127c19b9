using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>PostgreSQL 15 to 17 by dump and restore, on real Docker with the stand-ins of the official images.</summary>
[Collection(DockerDatabases.Name)]
public sealed class PostgresUpgradeTests : PanelTest<BootstrappedPanel>
{
    private const string Seed = """
        CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
        CREATE TABLE items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), n int NOT NULL);
        INSERT INTO items (n) SELECT g FROM generate_series(1, 20000) g;
        CREATE TABLE orders (id serial PRIMARY KEY, item int NOT NULL);
        INSERT INTO orders (item) SELECT g % 100 FROM generate_series(1, 5000) g;
        """;

    private DatabaseHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        harness = new DatabaseHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await base.DisposeAsync();
    }

    private async Task<(Guid Id, Deployment First, DatabaseCredentials Credentials)> CreateSeededAsync(string project)
    {
        var projectId = await harness.CreateProjectAsync(project);
        var created = await harness.CreateAsync(projectId, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            InitScripts: [new InitScript { Name = "seed.sql", Content = Seed }]));
        Assert.True(created.Succeeded, created.Error);
        var first = await harness.WaitDeployedAsync(created.Value!.Id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error + "\n" + await harness.LogAsync(first.Id));
        return (created.Value.Id, first, await harness.CredentialsAsync(created.Value.Id));
    }

    private static async Task<string> QueryAsync(string url, string sql) =>
        (await DatabaseHarness.RunAsync(DatabaseImages.Postgres17, "psql", url, "-tAc", sql)).Trim();

    private Task<Outcome<Deployment>> UpgradeAsync(Guid id, string? image = null) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<DatabaseCatalog>().UpgradeAsync(id, "17", image, Actor.System, CancellationToken.None));

    [Fact]
    public async Task Upgrade_15To17_KeepsEveryRowAndTheOldVolume()
    {
        var (id, first, credentials) = await CreateSeededAsync("pg-upgrade");
        var inPlace = await harness.UpdateAsync(id, new DatabaseInput(Version: "17"));
        Assert.Equal(FailureKind.Conflict, inPlace.Failure);
        Assert.Contains("dump and restore", inPlace.Error);

        var queued = await UpgradeAsync(id);
        Assert.True(queued.Succeeded, queued.Error);
        var upgrade = await harness.WaitDeployedAsync(id, after: first.Id);
        var log = await harness.LogAsync(upgrade.Id);
        Assert.True(upgrade.Status == DeploymentStatus.Succeeded, upgrade.Error + "\n" + log);

        Assert.StartsWith("PostgreSQL 17", await QueryAsync(credentials.Url, "SELECT version()"));
        Assert.Equal("20000|5000", await QueryAsync(credentials.Url, "SELECT (SELECT count(*) FROM items) || '|' || (SELECT count(*) FROM orders)"));
        Assert.Equal("1", await QueryAsync(credentials.Url, "WITH i AS (INSERT INTO orders (item) VALUES (7) RETURNING 1) SELECT count(*) FROM i"));
        Assert.Contains("same row count", log);
        var view = await harness.FindAsync(id);
        Assert.Equal(("17", "pg-upgrade-db-data-pg17"), (view!.Version, view.VolumeName));
        Assert.Equal(("15", "pg-upgrade-db-data"), (view.PreviousVolume!.Version, view.PreviousVolume.VolumeName));
        Assert.Equal("pg-upgrade-db-data", (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", "name=pg-upgrade-db-data$")).Trim());
    }

    [Fact]
    public async Task Upgrade_WhoseRestoreFails_LeavesTheOldVersionServingAndWritable()
    {
        // The same version 17, without the uuid-ossp extension the data needs: pg_restore stops at CREATE EXTENSION.
        const string broken = "dropit-test/postgres-without-uuid-ossp:17";
        await TestImages.DockerBuildAsync(broken, $"FROM {DatabaseImages.Postgres17}\nRUN rm -f /usr/share/postgresql/17/extension/uuid-ossp*\n");
        var (id, first, credentials) = await CreateSeededAsync("pg-failed");

        var queued = await UpgradeAsync(id, broken);
        Assert.True(queued.Succeeded, queued.Error);
        var upgrade = await harness.WaitDeployedAsync(id, after: first.Id);

        Assert.Equal(DeploymentStatus.Failed, upgrade.Status);
        Assert.Contains("pg_restore failed", upgrade.Error);
        Assert.Contains("uuid-ossp", upgrade.Error);
        Assert.StartsWith("PostgreSQL 15", await QueryAsync(credentials.Url, "SELECT version()"));
        Assert.Equal("1", await QueryAsync(credentials.Url, "WITH i AS (INSERT INTO orders (item) VALUES (7) RETURNING 1) SELECT count(*) FROM i"));
        Assert.Equal("20000", await QueryAsync(credentials.Url, "SELECT count(*) FROM items"));
        var view = await harness.FindAsync(id);
        Assert.Equal(("15", "pg-failed-db-data", null), (view!.Version, view.VolumeName, view.PreviousVolume));
        Assert.Equal("", (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", "name=pg-failed-db-data-pg17")).Trim());
    }
}
