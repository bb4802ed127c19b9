using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>Redis, MariaDB and a named volume: backed up to a real S3 server, verified by a test restore, restored.</summary>
[Collection(DockerDatabases.Name)]
public sealed class RedisMariaDbVolumeBackupTests : PanelTest<BootstrappedPanel>
{
    private DatabaseHarness databases = null!;
    private BackupHarness backups = null!;
    private S3Server s3 = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DatabaseImages.EnsureAsync();
        await TestImages.EnsureBusyboxAsync();
        databases = new DatabaseHarness(Panel);
        backups = new BackupHarness(Panel);
        s3 = await S3Server.StartAsync("backups");
    }

    public override async ValueTask DisposeAsync()
    {
        await databases.CleanAsync();
        s3.Dispose();
        await base.DisposeAsync();
    }

    private async Task<Guid> CreateAsync(Guid project, DatabaseInput input)
    {
        var created = await databases.CreateAsync(project, input);
        Assert.True(created.Succeeded, created.Error);
        var deployed = await databases.WaitDeployedAsync(created.Value!.Id);
        Assert.True(deployed.Status == DeploymentStatus.Succeeded, deployed.Error);
        return created.Value.Id;
    }

    private async Task<BackupRun> BackUpVerifiedAsync(PolicyInput input)
    {
        var policy = await backups.PolicyAsync(input);
        var run = await backups.BackUpAsync(policy.Policy.Id);
        Assert.True(run is { Status: BackupStatus.Succeeded, Verification: VerificationStatus.Verified }, BackupHarness.Explain(run));
        return run;
    }

    [Fact]
    public async Task Redis_BackupIsVerifiedByItsKeyCount_AndRestoresIntoANewDatabase()
    {
        var project = await databases.CreateProjectAsync("bk-redis");
        var id = await CreateAsync(project, new DatabaseInput(Name: "cache", Engine: DatabaseEngine.Redis, Version: "7"));
        var url = (await databases.CredentialsAsync(id)).Url;
        for (var i = 0; i < 25; i++)
        {
            await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", url, "SET", $"session:{i}", $"value {i}");
        }

        var destination = await backups.S3DestinationAsync("s3", s3, "backups");
        var run = await BackUpVerifiedAsync(new PolicyInput(BackupTarget.Database, destination, ServiceId: id));
        Assert.Equal(25, run.Counts["keys"]);
        Assert.EndsWith(".rdb.zst", run.ObjectKey, StringComparison.Ordinal);

        var restored = await backups.RestoreAsync(run.Id, new RestoreRequest("cache-copy"));
        Assert.True(restored.Succeeded, restored.Error);
        var copyUrl = (await databases.CredentialsAsync(restored.Value!.ServiceId!.Value)).Url;
        Assert.Equal("value 7", (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", copyUrl, "GET", "session:7")).Trim());
        Assert.Equal("25", (await DatabaseHarness.RunAsync(DatabaseImages.Redis7, "redis-cli", "-u", copyUrl, "DBSIZE")).Trim());
    }

    [Fact]
    public async Task MariaDb_BackupIsVerifiedByRowCounts_AndRestoresIntoANewDatabase()
    {
        var project = await databases.CreateProjectAsync("bk-mdb");
        var id = await CreateAsync(project, new DatabaseInput(Name: "sql", Engine: DatabaseEngine.MariaDb, Version: "11",
            InitScripts: [new InitScript { Name = "init.sql", Content = """
                CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2) NOT NULL, note VARCHAR(64));
                INSERT INTO orders SELECT seq, seq * 1.5, CONCAT('order ', seq) FROM seq_1_to_5000;
                CREATE TABLE empty_one (id INT PRIMARY KEY);
                """ }]));
        var destination = await backups.S3DestinationAsync("s3", s3, "backups");
        var run = await BackUpVerifiedAsync(new PolicyInput(BackupTarget.Database, destination, ServiceId: id, Compression: BackupCompression.Gzip));
        Assert.Equal(5000, run.Counts["orders"]);
        Assert.Equal(0, run.Counts["empty_one"]);

        var restored = await backups.RestoreAsync(run.Id, new RestoreRequest("sql-copy"));
        Assert.True(restored.Succeeded, restored.Error);
        var copy = await databases.CredentialsAsync(restored.Value!.ServiceId!.Value);
        var total = await DatabaseHarness.RunAsync(DatabaseImages.MariaDb11, "mariadb", "-h", "bk-mdb-sql-copy", "-u", "app", $"-p{copy.Password}",
            "app", "-N", "-e", "SELECT COUNT(*), SUM(total) FROM orders");
        Assert.Equal("5000\t18753750.00", total.Trim());
    }

    [Fact]
    public async Task NamedVolume_BackupIsVerifiedByItsEntries_AndRestoresIntoANewVolume()
    {
        await databases.CreateProjectAsync("bk-vol");
        await TestImages.DockerAsync("volume", "create", "bk-vol-uploads");
        await TestImages.DockerAsync("run", "--rm", "-v", "bk-vol-uploads:/v", TestImages.Busybox, "sh", "-c",
            "mkdir -p /v/a/b && echo hello > /v/a/b/one.txt && echo world > /v/two.txt && ln -s two.txt /v/link");
        var destination = await backups.LocalDestinationAsync("folder", Directory.CreateTempSubdirectory("dropit-backups-").FullName);
        var run = await BackUpVerifiedAsync(new PolicyInput(BackupTarget.Volume, destination, VolumeName: "bk-vol-uploads"));
        Assert.Equal(6, run.Counts["entries"]);

        var restored = await backups.RestoreAsync(run.Id, new RestoreRequest(null));
        Assert.True(restored.Succeeded, restored.Error);
        Assert.StartsWith("bk-vol-uploads-restored-", restored.Value!.VolumeName, StringComparison.Ordinal);
        var content = await TestImages.DockerAsync("run", "--rm", "-v", $"{restored.Value.VolumeName}:/v", TestImages.Busybox, "sh", "-c",
            "cat /v/a/b/one.txt /v/link && readlink /v/link");
        Assert.Equal("hello\nworld\ntwo.txt", content.Trim());
    }
}
