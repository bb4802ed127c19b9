using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>Redis and MariaDB as services on real Docker, with the stand-ins of the official images.</summary>
[Collection(DockerDatabases.Name)]
public sealed class RedisAndMariaDbTests : PanelTest<BootstrappedPanel>
{
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

    private async Task<(Guid Id, Deployment First, DatabaseCredentials Credentials)> CreateReadyAsync(Guid project, DatabaseInput input)
    {
        var created = await harness.CreateAsync(project, input);
        Assert.True(created.Succeeded, created.Error);
        var first = await harness.WaitDeployedAsync(created.Value!.Id);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error + "\n" + await harness.LogAsync(first.Id));
        return (created.Value.Id, first, await harness.CredentialsAsync(created.Value.Id));
    }

    private static async Task AssertNoPasswordInInspectAsync(string engineName, string password)
    {
        var containers = (await TestImages.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.swarm.service.name={engineName}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(containers);
        Assert.DoesNotContain(password, await TestImages.DockerAsync("service", "inspect", engineName));
        Assert.DoesNotContain(password, await TestImages.DockerAsync(["inspect", .. containers]));
    }

    [Fact]
    public async Task Redis_NeedsAuthAndKeepsDataWithAppendOnlyAcrossARedeploy()
    {
        var project = await harness.CreateProjectAsync("cache");
        var (id, first, credentials) = await CreateReadyAsync(project, new DatabaseInput(Name: "redis", Engine: DatabaseEngine.Redis, Version: "7"));
        Assert.Equal("redis://default:***@cache-redis:6379", credentials.Url.Replace(credentials.Password, "***"));

        var anonymous = await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-h", "cache-redis", "SET", "session:1", "x");
        Assert.Contains("NOAUTH", anonymous);
        Assert.Equal("OK", (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", credentials.Url, "SET", "session:1", "kept")).Trim());
        await AssertNoPasswordInInspectAsync("cache-redis", credentials.Password);

        var changed = await harness.UpdateAsync(id, new DatabaseInput(ServerSettings:
        [
            new ServerSetting { Name = "appendonly", Value = "yes" },
            new ServerSetting { Name = "maxmemory", Value = "64mb" },
            new ServerSetting { Name = "maxmemory-policy", Value = "allkeys-lru" },
        ]));
        Assert.True(changed.Succeeded, changed.Error);
        var second = await harness.WaitDeployedAsync(id, after: first.Id);
        Assert.True(second.Status == DeploymentStatus.Succeeded, second.Error + "\n" + await harness.LogAsync(second.Id));

        Assert.Equal("kept", (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", credentials.Url, "GET", "session:1")).Trim());
        Assert.Contains("allkeys-lru",
            await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", credentials.Url, "CONFIG", "GET", "maxmemory-policy"));
    }

    [Fact]
    public async Task MariaDb_WithInitSql_TheUserQueriesOverTheNetworkAndARotatedPasswordWorksAfterTheRedeploy()
    {
        var project = await harness.CreateProjectAsync("mdb");
        var (id, first, credentials) = await CreateReadyAsync(project, new DatabaseInput(Name: "sql", Engine: DatabaseEngine.MariaDb, Version: "11",
            InitScripts: [new InitScript { Name = "init.sql", Content = "CREATE TABLE items (id INT PRIMARY KEY, name TEXT); INSERT INTO items VALUES (1, 'seeded');" }],
            ServerSettings: [new ServerSetting { Name = "max_connections", Value = "200" }]));
        Assert.NotNull(credentials.RootPassword);

        Task<string> QueryAsync(string password, string sql) => DatabaseHarness.RunAsync(DatabaseImages.MariaDb11,
            "mariadb", "-h", "mdb-sql", "-u", "app", $"-p{password}", "app", "-N", "-e", sql);
        Assert.Equal("seeded", (await QueryAsync(credentials.Password, "SELECT name FROM items")).Trim());
        Assert.Contains("200", await QueryAsync(credentials.Password, "SELECT @@max_connections"));
        await AssertNoPasswordInInspectAsync("mdb-sql", credentials.Password);
        await AssertNoPasswordInInspectAsync("mdb-sql", credentials.RootPassword!);

        var rotation = await harness.ControlAsync(c => c.RotatePasswordAsync(id, Core.Common.Actor.System, CancellationToken.None));
        Assert.True(rotation.Succeeded, rotation.Error);
        var second = await harness.WaitDeployedAsync(id, after: first.Id);
        Assert.True(second.Status == DeploymentStatus.Succeeded, second.Error + "\n" + await harness.LogAsync(second.Id));
        var rotated = await harness.CredentialsAsync(id);

        Assert.NotEqual(credentials.Password, rotated.Password);
        Assert.Equal("seeded", (await QueryAsync(rotated.Password, "SELECT name FROM items")).Trim());
        await Assert.ThrowsAsync<InvalidOperationException>(() => QueryAsync(credentials.Password, "SELECT 1"));
    }
}
