using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>Backups that cannot succeed fail with the real reason, are never reported as success, and retention deletes nothing.</summary>
[Collection(DockerDatabases.Name)]
public sealed class BackupFailureTests : PanelTest<BootstrappedPanel>
{
    private const string InitSql = """
        CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO items SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 200000) g;
        """;

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

    [Fact]
    public async Task Backups_ToWrongCredentialsMissingBucketStoppedServerOrDownDatabase_FailWithTheirReasonAndRetentionKeepsTheGoodOne()
    {
        var projectId = await databases.CreateProjectAsync("bk-fail");
        var created = await databases.CreateAsync(projectId, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            InitScripts: [new InitScript { Name = "init.sql", Content = InitSql }]));
        Assert.True(created.Succeeded, created.Error);
        var id = created.Value!.Id;
        Assert.Equal(DeploymentStatus.Succeeded, (await databases.WaitDeployedAsync(id)).Status);

        var good = await backups.S3DestinationAsync("good", s3, "backups");
        var policy = (await backups.PolicyAsync(new PolicyInput(BackupTarget.Database, good, ServiceId: id, KeepLast: 1, KeepDaily: 0,
            KeepWeekly: 0, KeepMonthly: 0, VerifyAfterBackup: false))).Policy.Id;
        var first = await backups.BackUpAsync(policy);
        Assert.True(first.Status == BackupStatus.Succeeded, BackupHarness.Explain(first));

        var unknownKey = await SaveAsync(new DestinationInput("unknown-key", DestinationKind.S3, Endpoint: s3.Endpoint, Bucket: "backups",
            PathStyle: true, AccessKey: "NOT-A-KEY", SecretKey: "wrong"));
        await AssertFailsAsync(policy, unknownKey, "InvalidAccessKeyId");

        var missingBucket = await backups.S3DestinationAsync("missing-bucket", s3, "no-such-bucket");
        await AssertFailsAsync(policy, missingBucket, "NoSuchBucket");

        // The server goes away while the dump streams in.
        var activity = Panel.Services.GetRequiredService<BackupActivity>();
        var stopping = new TaskCompletionSource();
        using (activity.Subscribe(p =>
               {
                   if (p is { Phase: "uploading", Bytes: > 2_000_000 } && stopping.TrySetResult())
                   {
                       _ = s3.StopAsync();
                   }
               }))
        {
            await AssertFailsAsync(policy, good, "cannot reach");
        }

        Assert.True(stopping.Task.IsCompleted, "the S3 server was stopped mid-upload");
        s3.Dispose();
        s3 = await S3Server.StartAsync("backups");
        var fresh = await backups.S3DestinationAsync("fresh", s3, "backups");
        await databases.ControlAsync(c => c.StopAsync(id, Actor.System, CancellationToken.None));
        await AssertFailsAsync(policy, fresh, "is not running: start it");

        var runs = await backups.RunsAsync(policy);
        Assert.Equal(5, runs.Count);
        Assert.Single(runs, r => r.Status == BackupStatus.Succeeded);
        Assert.All(runs, r => Assert.Null(r.DeletedAt));
        Assert.All(runs.Where(r => r.Status == BackupStatus.Failed), r => Assert.Equal(0, r.SizeBytes));
    }

    private async Task<Guid> SaveAsync(DestinationInput input) =>
        (await Panel.WithScopeAsync(sp => sp.GetRequiredService<BackupDestinations>().SaveAsync(null, input, Actor.System, CancellationToken.None)))
        .Value!.Id;

    /// <summary>Points the policy at the destination, runs it, and checks it failed for the expected reason with nothing stored.</summary>
    private async Task AssertFailsAsync(Guid policy, Guid destination, string reason)
    {
        await backups.PolicyAsync(new PolicyInput(BackupTarget.Database, destination), policy);
        var run = await backups.BackUpAsync(policy);
        Assert.True(run.Status == BackupStatus.Failed, BackupHarness.Explain(run));
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Null(run.Sha256);
        Assert.Equal(VerificationStatus.NotRun, run.Verification);
    }
}
