using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>
/// A compose file from a Git repository deployed as a Swarm stack on the real engine: an api built from the repository
/// that waits for a healthy PostgreSQL (stand-in image, data in a volume, an init script from the repository) and a Redis.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class StackDeployTests : PanelTest<BootstrappedPanel>
{
    private const string GitToken = "compose-git-token-5e1a";
    private const string DbPassword = "pg-password-value-3b9d1f7c";

    private static readonly string[] Services = ["api", "postgres", "redis"];

    private const string ComposeFile = """
        services:
          api:
            build:
              context: ./apps/api
            environment:
              DATABASE_HOST: postgres
              GREETING: ${GREETING}
            depends_on:
              postgres:
                condition: service_healthy
              redis:
                condition: service_started
          postgres:
            image: postgres:15-alpine
            environment:
              POSTGRES_PASSWORD_FILE: /run/secrets/db_password
            secrets:
              - db_password
            volumes:
              - ./data/postgres:/var/lib/postgresql/data
              - ./init-db.sql:/docker-entrypoint-initdb.d/init-db.sql
            healthcheck:
              test: ["CMD", "pg_isready", "-U", "postgres", "-h", "127.0.0.1"]
              interval: 2s
              timeout: 3s
              retries: 30
          redis:
            image: redis:7-alpine
        secrets:
          db_password:
            environment: POSTGRES_PASSWORD

        """;

    private GitServer git = null!;
    private StackHarness harness = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        await DatabaseImages.EnsureAsync();
        git = await GitServer.StartAsync(GitToken);
        harness = new StackHarness(Panel);
    }

    public override async ValueTask DisposeAsync()
    {
        await harness.CleanAsync();
        await git.DisposeAsync();
        await base.DisposeAsync();
    }

    private static Dictionary<string, string> Repository(string apiVersion, IReadOnlyDictionary<string, string>? api = null)
    {
        var files = new Dictionary<string, string>
        {
            ["docker-compose.yml"] = ComposeFile,
            ["init-db.sql"] = "CREATE TABLE visits (id serial PRIMARY KEY, note text NOT NULL);\n",
        };
        foreach (var (path, content) in api ?? SampleApp.Files(apiVersion))
        {
            files[$"apps/api/{path}"] = content;
        }

        return files;
    }

    private async Task<(Guid ServiceId, string Stack, GitRepository Repo)> CreateAsync(string project)
    {
        var repo = await git.CreateRepositoryAsync(project, Repository("1"));
        var projectId = await harness.CreateProjectAsync(project);
        var view = await harness.CreateFromGitAsync(projectId, "shop", repo.CloneUri, GitToken, $"POSTGRES_PASSWORD={DbPassword}\nGREETING=hello-from-the-env\n");
        return (view.Id, view.StackName, repo);
    }

    private static Task<string> PsqlAsync(string container, string sql) =>
        StackHarness.ExecAsync(container, "psql", "-U", "postgres", "-tAc", sql);

    [Fact]
    public async Task Deploy_ApiPostgresRedisFromGit_StartsInOrderThenRedeploysAndRollsBackTheApiAlone()
    {
        var (serviceId, stack, repo) = await CreateAsync("cmp-ok");

        var first = await harness.DeployAsync(serviceId);

        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error);
        var log = await harness.LogAsync(first.Id);
        Assert.DoesNotContain(DbPassword, log);
        // depends_on service_healthy: the api starts only once PostgreSQL is healthy.
        Assert.Contains("group 1 of 2: postgres, redis", log);
        Assert.True(log.IndexOf("group 2 of 2: api", StringComparison.Ordinal) > log.IndexOf("postgres: 1/1 running", StringComparison.Ordinal));
        Assert.Equal(await repo.HeadAsync("main"), first.CommitHash);
        Assert.NotNull(first.StackFile);
        var service = await harness.FindServiceAsync(serviceId);
        Assert.Equal((first.Id, ServiceStatus.Running), (service!.LiveDeploymentId, service.Status));

        var running = await StackHarness.ContainersAsync(stack, Services);
        Assert.Equal("0", await PsqlAsync(running["postgres"], "SELECT count(*) FROM visits"));
        Assert.Equal("reached", await StackHarness.ExecAsync(running["api"], "sh", "-c",
            "printf x | nc -w 3 postgres 5432 >/dev/null && echo reached"));
        Assert.Equal("1", await StackHarness.ExecAsync(running["api"], "cat", "/www/version.txt"));
        Assert.Equal("PONG", await StackHarness.ExecAsync(running["redis"], "redis-cli", "PING"));
        // The .env: interpolated into the file, and a Swarm secret whose value shows in no spec.
        Assert.Equal("hello-from-the-env", await StackHarness.ExecAsync(running["api"], "sh", "-c", "echo $GREETING"));
        Assert.Equal(DbPassword, await StackHarness.ExecAsync(running["postgres"], "cat", "/run/secrets/db_password"));
        Assert.DoesNotContain(DbPassword, await TestImages.DockerAsync("service", "inspect", $"{stack}_postgres", $"{stack}_api"));
        Assert.DoesNotContain(DbPassword, first.StackFile);
        Assert.Equal("INSERT 0 1", await PsqlAsync(running["postgres"], "INSERT INTO visits (note) VALUES ('before the redeploy')"));

        // A commit to the api: only the api is rebuilt and replaced; PostgreSQL keeps its container and its data.
        await repo.CommitAsync(Repository("2"), "Version 2 of the api");
        var second = await harness.DeployAsync(serviceId);

        Assert.True(second.Status == DeploymentStatus.Succeeded, second.Error);
        var after = await StackHarness.ContainersAsync(stack, Services);
        Assert.Equal(running["postgres"], after["postgres"]);
        Assert.Equal(running["redis"], after["redis"]);
        Assert.NotEqual(running["api"], after["api"]);
        Assert.Equal("before the redeploy", await PsqlAsync(after["postgres"], "SELECT note FROM visits"));
        Assert.Equal("2", await StackHarness.ExecAsync(after["api"], "cat", "/www/version.txt"));
        Assert.Equal(EngineNames.ComposeImageTag(serviceId, "api", second.Id), await StackHarness.ImageAsync(stack, "api"));

        // Back to the first deployment: its stack file again, no clone, no build.
        var rollback = await harness.RollbackAsync(first.Id);

        Assert.True(rollback.Status == DeploymentStatus.Succeeded, rollback.Error);
        var rollbackLog = await harness.LogAsync(rollback.Id);
        Assert.Contains("no clone, no build", rollbackLog);
        Assert.DoesNotContain("Building", rollbackLog);
        Assert.Equal(EngineNames.ComposeImageTag(serviceId, "api", first.Id), await StackHarness.ImageAsync(stack, "api"));
        var rolledBack = await StackHarness.ContainersAsync(stack, Services);
        Assert.Equal("1", await StackHarness.ExecAsync(rolledBack["api"], "cat", "/www/version.txt"));
        Assert.Equal(running["postgres"], rolledBack["postgres"]);
        Assert.Equal(rollback.Id, (await harness.FindServiceAsync(serviceId))!.LiveDeploymentId);
    }

    [Fact]
    public async Task Redeploy_BrokenBuildYamlErrorOrUnhealthyApi_FailsNamingTheCauseAndTheStackKeepsServing_DeleteKeepsVolumes()
    {
        var (serviceId, stack, repo) = await CreateAsync("cmp-fail");
        var first = await harness.DeployAsync(serviceId);
        Assert.True(first.Status == DeploymentStatus.Succeeded, first.Error);
        var running = await StackHarness.ContainersAsync(stack, Services);

        await repo.CommitAsync(Repository("2", SampleApp.BrokenDockerfile()), "A build that fails");
        var broken = await harness.DeployAsync(serviceId);

        Assert.Equal(DeploymentStatus.Failed, broken.Status);
        Assert.Contains("service api:", broken.Error);
        Assert.Contains("build failed", broken.Error);
        Assert.Equal(running, await StackHarness.ContainersAsync(stack, Services));
        Assert.Equal(EngineNames.ComposeImageTag(serviceId, "api", first.Id), await StackHarness.ImageAsync(stack, "api"));

        await repo.CommitAsync(new Dictionary<string, string>
        {
            ["docker-compose.yml"] = "services:\n  api:\n    build: ./apps/api\n   image: misaligned\n",
        }, "A compose file that is not YAML");
        var invalid = await harness.DeployAsync(serviceId);

        Assert.Equal(DeploymentStatus.Failed, invalid.Status);
        Assert.Contains("line 4", invalid.Error);
        Assert.DoesNotContain("Building", await harness.LogAsync(invalid.Id));
        Assert.Equal(running, await StackHarness.ContainersAsync(stack, Services));
        var service = await harness.FindServiceAsync(serviceId);
        Assert.Equal((first.Id, ServiceStatus.Running), (service!.LiveDeploymentId, service.Status));

        // An api whose new version never gets healthy: Swarm rolls it back, the deployment names it, the rest stays.
        await repo.CommitAsync(Repository("3", SampleApp.FailingHealth("3")), "Version 3 never gets healthy");
        var unhealthy = await harness.DeployAsync(serviceId);

        Assert.Equal(DeploymentStatus.Failed, unhealthy.Status);
        Assert.StartsWith("service api: ", unhealthy.Error);
        Assert.Contains("rolled back", unhealthy.Error);
        Assert.Equal(EngineNames.ComposeImageTag(serviceId, "api", first.Id), await StackHarness.ImageAsync(stack, "api"));
        var afterRollback = await StackHarness.ContainersAsync(stack, Services);
        Assert.Equal(running["postgres"], afterRollback["postgres"]);
        Assert.Equal("1", await StackHarness.ExecAsync(afterRollback["api"], "cat", "/www/version.txt"));

        // Deleting the service removes its stack, never its data.
        var volumes = await StackHarness.VolumesAsync(stack);
        Assert.NotEmpty(volumes);
        var deleted = await harness.DeleteAsync(serviceId);
        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.Equal("", (await TestImages.DockerAsync("service", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack}")).Trim());
        Assert.Equal(volumes, await StackHarness.VolumesAsync(stack));
    }
}
