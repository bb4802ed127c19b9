using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.IntegrationTests.Databases;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>Backups of PostgreSQL to a real S3 server (s3rver): scheduled, verified by a test restore, restored into a new database.</summary>
[Collection(DockerDatabases.Name)]
public sealed class PostgresBackupTests : PanelTest<BootstrappedPanel>
{
    private const string InitSql = """
        CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
        CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);
        INSERT INTO notes (body) VALUES ('first'), ('second'), ('the marker note');
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

    private async Task<(Guid Id, string Url)> CreatePostgresAsync(string project)
    {
        var projectId = await databases.CreateProjectAsync(project);
        var created = await databases.CreateAsync(projectId, new DatabaseInput(Name: "db", Engine: DatabaseEngine.Postgres, Version: "15",
            InitScripts: [new InitScript { Name = "init.sql", Content = InitSql }]));
        Assert.True(created.Succeeded, created.Error);
        var deployed = await databases.WaitDeployedAsync(created.Value!.Id);
        Assert.True(deployed.Status == DeploymentStatus.Succeeded, deployed.Error);
        return (created.Value.Id, (await databases.CredentialsAsync(created.Value.Id)).Url);
    }

    private static async Task<string> QueryAsync(string url, string sql) =>
        (await DatabaseHarness.RunAsync(DatabaseImages.Postgres15, "psql", url, "-tAc", sql)).Trim();

    [Fact]
    public async Task ScheduledBackup_Of100000Rows_IsInTheBucketVerifiedAndRestoresEveryRowIntoANewDatabase()
    {
        var (id, _) = await CreatePostgresAsync("bk-pg");
        var destination = await backups.S3DestinationAsync("s3", s3, "backups");
        var saved = await backups.PolicyAsync(new PolicyInput(BackupTarget.Database, destination, ServiceId: id, Schedule: "* * * * *",
            TimeZone: "Europe/Paris", Compression: BackupCompression.Zstd));

        var runs = await Eventually.MatchesAsync(() => backups.RunsAsync(saved.Policy.Id),
            r => r.Any(run => run.Verification is VerificationStatus.Verified or VerificationStatus.Failed || run.Status == BackupStatus.Failed),
            TimeSpan.FromMinutes(4), "the scheduled backup and its test restore");
        await backups.PolicyAsync(new PolicyInput(BackupTarget.Database, destination, Enabled: false), saved.Policy.Id);
        var run = runs.First();
        Assert.Equal(BackupTrigger.Scheduled, run.Trigger);
        Assert.True(run.Verification == VerificationStatus.Verified, BackupHarness.Explain(run));
        Assert.Equal(100000, run.Counts["public.items"]);
        Assert.Equal(3, run.Counts["public.notes"]);
        Assert.StartsWith("dropit/bk-pg-db/bk-pg-db-", "dropit/" + run.ObjectKey, StringComparison.Ordinal);
        Assert.EndsWith(".pgdump.zst", run.ObjectKey, StringComparison.Ordinal);

        // The object is in the bucket, as recorded, and pg_restore reads it.
        var stored = await backups.ReadObjectAsync(destination, run.ObjectKey);
        Assert.Equal(run.SizeBytes, stored.Length);
        Assert.Equal(run.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)));
        var folder = Directory.CreateTempSubdirectory("dropit-pgdump-").FullName;
        await using (var dump = File.Create(Path.Combine(folder, "db.pgdump")))
        await using (var plain = BackupCodecs.Decompress(new MemoryStream(stored), BackupCompression.Zstd))
        {
            await plain.CopyToAsync(dump, TestContext.Current.CancellationToken);
        }

        var listing = await TestImages.DockerAsync("run", "--rm", "-v", $"{folder}:/d:ro", DatabaseImages.Postgres15, "pg_restore", "--list",
            "/d/db.pgdump");
        Directory.Delete(folder, recursive: true);
        Assert.Contains("TABLE DATA public items", listing);

        var restored = await backups.RestoreAsync(run.Id, new RestoreRequest("db-copy"));
        Assert.True(restored.Succeeded, restored.Error);
        var copyUrl = (await databases.CredentialsAsync(restored.Value!.ServiceId!.Value)).Url;
        Assert.Contains("@bk-pg-db-copy:", copyUrl, StringComparison.Ordinal);
        Assert.Equal("100000", await QueryAsync(copyUrl, "SELECT count(*) FROM items"));
        Assert.Equal("the marker note", await QueryAsync(copyUrl, "SELECT body FROM notes WHERE id = 3"));

        // The downloaded file restores too, as an upload.
        var uploaded = await Panel.WithScopeAsync(sp => sp.GetRequiredService<BackupRestorer>().RestoreUploadAsync(id, new MemoryStream(stored),
            new RestoreRequest("db-upload"), Actor.System, CancellationToken.None));
        Assert.True(uploaded.Succeeded, uploaded.Error);
        var uploadUrl = (await databases.CredentialsAsync(uploaded.Value!.ServiceId!.Value)).Url;
        Assert.Equal("100000", await QueryAsync(uploadUrl, "SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task EncryptedBackup_CannotBeReadWithoutItsKey_AndRestoresInPlaceWithIt()
    {
        var (id, url) = await CreatePostgresAsync("bk-enc");
        var destination = await backups.S3DestinationAsync("s3", s3, "backups");
        var saved = await backups.PolicyAsync(new PolicyInput(BackupTarget.Database, destination, ServiceId: id, Compression: BackupCompression.Gzip,
            Encrypt: true));
        Assert.NotNull(saved.PrivateKey);

        var run = await backups.BackUpAsync(saved.Policy.Id);
        Assert.True(run.Status == BackupStatus.Succeeded, BackupHarness.Explain(run));
        Assert.EndsWith(".pgdump.gz.enc", run.ObjectKey, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.NotRun, run.Verification);
        Assert.Contains("needs that key", run.VerificationDetail, StringComparison.Ordinal);

        var stored = await backups.ReadObjectAsync(destination, run.ObjectKey);
        Assert.True(stored.AsSpan().StartsWith("DROPITENC1"u8));
        Assert.Throws<InvalidDataException>(() => new System.IO.Compression.GZipStream(new MemoryStream(stored),
            System.IO.Compression.CompressionMode.Decompress).CopyTo(Stream.Null));
        var withoutKey = await backups.RestoreAsync(run.Id, new RestoreRequest("nokey"));
        Assert.False(withoutKey.Succeeded);
        Assert.Contains($"encrypted with key {run.EncryptionKeyId}", withoutKey.Error, StringComparison.Ordinal);
        var otherKey = BackupEncryption.Create().PrivateKey;
        var wrongKey = await backups.RestoreAsync(run.Id, new RestoreRequest("wrongkey", PrivateKey: otherKey));
        Assert.False(wrongKey.Succeeded);
        Assert.Contains("not with the key given", wrongKey.Error, StringComparison.Ordinal);

        await backups.VerifyAsync(run.Id, saved.PrivateKey);
        run = await backups.FindRunAsync(run.Id);
        Assert.True(run.Verification == VerificationStatus.Verified, BackupHarness.Explain(run));

        await QueryAsync(url, "DELETE FROM items WHERE id > 10; INSERT INTO notes (body) VALUES ('written after the backup')");
        var wrongConfirmation = await backups.RestoreAsync(run.Id, new RestoreRequest(null, InPlace: true, Confirmation: "bk-enc/other", PrivateKey: saved.PrivateKey));
        Assert.False(wrongConfirmation.Succeeded);
        Assert.Equal("10", await QueryAsync(url, "SELECT count(*) FROM items"));

        var inPlace = await backups.RestoreAsync(run.Id, new RestoreRequest(null, InPlace: true, Confirmation: "bk-enc/db", PrivateKey: saved.PrivateKey));
        Assert.True(inPlace.Succeeded, inPlace.Error);
        Assert.Equal("100000", await QueryAsync(url, "SELECT count(*) FROM items"));
        Assert.Equal("3", await QueryAsync(url, "SELECT count(*) FROM notes"));
        var safety = (await backups.RunsAsync(saved.Policy.Id)).Single(r => r.Trigger == BackupTrigger.SafetyBeforeRestore);
        Assert.Equal(BackupStatus.Succeeded, safety.Status);
        Assert.Equal(10, safety.Counts["public.items"]);
    }
}
