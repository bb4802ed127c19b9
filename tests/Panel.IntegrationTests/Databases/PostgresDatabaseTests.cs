using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>PostgreSQL as a service on real Docker, with the stand-in of the official image.</summary>
[Collection(DockerDatabases.Name)]
public sealed class PostgresDatabaseTests : PanelTest<BootstrappedPanel>
{
    private const string InitSql = """
        CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        CREATE TABLE items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text NOT NULL);
        INSERT INTO items (name) VALUES ('seeded');
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

    private static DatabaseInput Postgres(string name, string script) => new(
        Name: name,
        Engine: DatabaseEngine.Postgres,
        Version: "15",
        InitScripts: [new InitScript { Name = "init.sql", Content = script }],
        ServerSettings:
        [
            new ServerSetting { Name = "max_connections", Value = "200" },
            new ServerSetting { Name = "shared_buffers", Value = "256MB" },
            new ServerSetting { Name = "effective_cache_size", Value = "1GB" },
        ]);

    private static Task<string> QueryAsync(string url, string sql) =>
        DatabaseHarness.RunAsync(DatabaseImages.Postgres15, "psql", url, "-tAc", sql);

    [Fact]
    public async Task Create_WithInitSqlAndSettings_RunsThemKeepsPasswordsOutOfInspectAndKeepsDataAcrossRedeploys()
    {
        var project = await harness.CreateProjectAsync("pg-shop");
        var created = await harness.CreateAsync(project, Postgres("db", InitSql));
        Assert.True(created.Succeeded, created.Error);
        var id = created.Value!.Id;
        Assert.Equal("postgresql://app:***@pg-shop-db:5432/app", created.Value.MaskedUrl);

        var first = await harness.WaitDeployedAsync(id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error + "\n" + await harness.LogAsync(first.Id));
        var credentials = await harness.CredentialsAsync(id);
        Assert.Equal(43, credentials.Password.Length);

        Assert.Equal("200", (await QueryAsync(credentials.Url, "SHOW max_connections")).Trim());
        Assert.Equal("256MB", (await QueryAsync(credentials.Url, "SHOW shared_buffers")).Trim());
        Assert.Equal("pgcrypto,uuid-ossp", (await QueryAsync(credentials.Url,
            "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'")).Trim());

        var inspect = await TestImages.DockerAsync("service", "inspect", "pg-shop-db");
        var containers = (await TestImages.DockerAsync("ps", "-aq", "--filter", "label=com.docker.swarm.service.name=pg-shop-db")).Split('\n',
            StringSplitOptions.RemoveEmptyEntries);
        var containerInspect = await TestImages.DockerAsync(["inspect", .. containers]);
        Assert.DoesNotContain(credentials.Password, inspect);
        Assert.DoesNotContain(credentials.Password, containerInspect);
        Assert.DoesNotContain(credentials.Password, await harness.LogAsync(first.Id));

        await QueryAsync(credentials.Url, "INSERT INTO items (name) VALUES ('written before the redeploy')");
        var changed = await harness.UpdateAsync(id, new DatabaseInput(ServerSettings:
        [
            new ServerSetting { Name = "max_connections", Value = "150" },
        ]));
        Assert.True(changed.Succeeded, changed.Error);
        var second = await harness.WaitDeployedAsync(id, after: first.Id);
        Assert.True(second.Status == DeploymentStatus.Succeeded, second.Error + "\n" + await harness.LogAsync(second.Id));

        Assert.Equal("150", (await QueryAsync(credentials.Url, "SHOW max_connections")).Trim());
        Assert.Equal("2", (await QueryAsync(credentials.Url, "SELECT count(*) FROM items")).Trim());
        Assert.Contains("stop-first", await harness.LogAsync(second.Id));
    }

    [Fact]
    public async Task Create_WithBrokenInitSql_FailsWithPostgresOwnWordsAndLeavesNothingBehind()
    {
        var project = await harness.CreateProjectAsync("pg-broken");
        var created = await harness.CreateAsync(project, Postgres("db", "CREATE TABLE items (id int PRIMARY KEY,, name text);"));
        Assert.True(created.Succeeded, created.Error);

        var deployment = await harness.WaitDeployedAsync(created.Value!.Id);

        Assert.Equal(DeploymentStatus.Failed, deployment.Status);
        Assert.Contains("syntax error", deployment.Error);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", "name=pg-broken-db")).Trim());
        Assert.Equal("", (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", "name=pg-broken-db-data")).Trim());
    }

    [Fact]
    public async Task Create_OnAVolumeAnotherContainerUses_FailsNamingItAndKeepsTheVolume()
    {
        var project = await harness.CreateProjectAsync("pg-shared");
        await TestImages.EnsureBusyboxAsync();
        await TestImages.DockerAsync("volume", "create", "pg-shared-taken");
        await TestImages.DockerAsync("run", "-d", "--name", "pg-shared-other", "-v", "pg-shared-taken:/data", TestImages.Busybox, "sleep", "600");

        var created = await harness.CreateAsync(project, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            VolumeName: "pg-shared-taken"));
        Assert.True(created.Succeeded, created.Error);
        var deployment = await harness.WaitDeployedAsync(created.Value!.Id);

        Assert.Equal(DeploymentStatus.Failed, deployment.Status);
        Assert.Contains("in use by pg-shared-other", deployment.Error);
        Assert.Equal("pg-shared-taken", (await TestImages.DockerAsync("volume", "ls", "-q", "--filter", "name=pg-shared-taken")).Trim());
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", "name=pg-shared-db")).Trim());
    }
}
