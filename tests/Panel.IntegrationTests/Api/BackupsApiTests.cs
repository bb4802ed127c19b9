using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

/// <summary>The backups API on a real panel database, without Docker: destinations, policies, and databases and backups written directly.</summary>
public sealed class BackupsApiTests : PanelTest<BootstrappedPanel>
{
    private const string Secret = "s3cr3t-Key-That-Must-Never-Show-0123456789";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dropit-backups-api-");

    [Fact]
    public async Task DestinationCrud_S3_NeverShowsTheSecretKeyAndKeepsItWhenLeftOut()
    {
        var api = Panel.Api();

        var created = await api.PostAsJsonAsync("/api/backup-destinations", S3Body("offsite", "http://127.0.0.1:9000", Secret), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdJson = await created.Content.ReadAsStringAsync(Ct);
        var destination = await ApiJson.ReadAsync<DestinationDto>(created);
        Assert.Equal($"/api/backup-destinations/{destination.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal((DestinationKind.S3, "backups", "AKIATEST", true), (destination.Kind, destination.Bucket, destination.AccessKey, destination.HasSecretKey));

        var updated = await api.PutAsJsonAsync($"/api/backup-destinations/{destination.Id}",
            new { name = "offsite", kind = "s3", endpoint = "http://127.0.0.1:9001", bucket = "backups", accessKey = "AKIATEST", pathStyle = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var updatedJson = await updated.Content.ReadAsStringAsync(Ct);
        var changed = await ApiJson.ReadAsync<DestinationDto>(updated);
        Assert.Equal(("http://127.0.0.1:9001", true, true), (changed.Endpoint, changed.PathStyle, changed.HasSecretKey));

        var getJson = await api.GetStringAsync($"/api/backup-destinations/{destination.Id}", Ct);
        var listJson = await api.GetStringAsync("/api/backup-destinations", Ct);
        Assert.Contains("\"kind\":\"s3\"", getJson);
        Assert.All([createdJson, updatedJson, getJson, listJson], json =>
        {
            Assert.DoesNotContain(Secret, json);
            Assert.DoesNotContain("secretKey\"", json);
        });
        var stored = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().BackupDestinations
            .Where(d => d.Id == destination.Id).Select(d => d.SecretKeyEncrypted).SingleAsync());
        Assert.DoesNotContain(Secret, stored!);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/backup-destinations/{destination.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/backup-destinations/{destination.Id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("s3", "Bad_Bucket", null, "Give the bucket's name: 3 to 63 lowercase letters")]
    [InlineData("local", null, "backups/here", "A local destination needs an absolute folder")]
    [InlineData("ftp", null, null, "\"ftp\" is not a destination kind; use one of s3, local")]
    public async Task CreateDestination_BadInput_Gets400WithTheReasonAndSavesNothing(string kind, string? bucket, string? path, string reason)
    {
        var api = Panel.Api();

        var response = await api.PostAsJsonAsync("/api/backup-destinations",
            new { name = "bad", kind, bucket, path, accessKey = "AKIATEST", secretKey = Secret }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Empty((await api.GetFromJsonAsync<List<DestinationDto>>("/api/backup-destinations", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task TestDestination_LocalFolder_Succeeds()
    {
        var api = Panel.Api();
        var id = await CreateLocalDestinationAsync(api);

        var response = await api.PostAsync($"/api/backup-destinations/{id}/test", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ApiJson.ReadAsync<DestinationTestDto>(response);
        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TestDestination_S3OnAClosedPort_FailsWithAMessageNamingTheEndpoint()
    {
        var api = Panel.Api();
        var endpoint = $"http://127.0.0.1:{FreePorts.Next()}";
        var created = await api.PostAsJsonAsync("/api/backup-destinations", S3Body("nowhere", endpoint, Secret), Ct);
        var id = (await ApiJson.ReadAsync<DestinationDto>(created)).Id;

        var response = await api.PostAsync($"/api/backup-destinations/{id}/test", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ApiJson.ReadAsync<DestinationTestDto>(response);
        Assert.False(result.Succeeded);
        Assert.StartsWith("write refused", result.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 3 * *", "UTC", "'0 3 * *' is not a valid cron schedule")]
    [InlineData("0 3 * * *", "Mars/Olympus_Mons", "Unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("0 3 * * *", "Romance Standard Time", "use its IANA name Europe/Paris")]
    public async Task CreatePolicy_BadScheduleOrZone_Gets400NamingIt(string schedule, string timeZone, string reason)
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);

        var response = await api.PostAsJsonAsync("/api/backup-policies",
            new { target = "volume", volumeName = "uploads", destinationId, schedule, timeZone }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Empty((await api.GetFromJsonAsync<List<PolicyDto>>("/api/backup-policies", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task CreatePolicy_Encrypted_ReturnsThePrivateKeyOnceAndNeverAgain()
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);

        var created = await api.PostAsJsonAsync("/api/backup-policies", new
        {
            target = "volume", volumeName = "uploads", destinationId, schedule = "0 3 * * *", timeZone = "Europe/Paris",
            compression = "gzip", encrypt = true, retention = new { last = 3, daily = 0 }, verifyAfterBackup = false,
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var policy = await ApiJson.ReadAsync<PolicyDto>(created);
        Assert.Equal($"/api/backup-policies/{policy.Id}", created.Headers.Location!.OriginalString);
        Assert.StartsWith("dropit-backup-key-1:", policy.PrivateKey, StringComparison.Ordinal);
        Assert.Contains("shown once", policy.PrivateKeyNote, StringComparison.Ordinal);
        Assert.Equal(BackupEncryption.KeyIdOf(policy.PrivateKey!), policy.EncryptionKeyId);
        Assert.Equal((BackupTarget.Volume, "volume uploads", BackupCompression.Gzip, true, new RetentionDto(3, 0, 4, 6), false),
            (policy.Target, policy.SubjectName, policy.Compression, policy.Encrypt, policy.Retention, policy.VerifyAfterBackup));
        Assert.NotNull(policy.NextRun);

        var getJson = await api.GetStringAsync($"/api/backup-policies/{policy.Id}", Ct);
        var listJson = await api.GetStringAsync("/api/backup-policies", Ct);
        var changed = await api.PutAsJsonAsync($"/api/backup-policies/{policy.Id}", new { retention = new { last = 5 } }, Ct);
        var changedJson = await changed.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("\"retention\":{\"last\":5,\"daily\":0,\"weekly\":4,\"monthly\":6}", changedJson);
        Assert.Contains("\"target\":\"volume\"", getJson);
        Assert.All([getJson, listJson, changedJson], json =>
        {
            Assert.DoesNotContain(policy.PrivateKey!, json);
            Assert.DoesNotContain("privateKey", json);
            Assert.Contains(policy.EncryptionKeyId!, json);
        });
    }

    [Fact]
    public async Task DeleteDestination_InUse_Gets409NamingThePolicyAndKeepsIt()
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);
        await CreateVolumePolicyAsync(api, destinationId, "media");

        var response = await api.DeleteAsync($"/api/backup-destinations/{destinationId}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "Backups of volume media go to this destination");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/backup-destinations/{destinationId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task UnknownIds_Get404ProblemsEverywhere()
    {
        var api = Panel.Api();
        var unknown = Guid.NewGuid();

        await AssertProblemAsync(await api.PostAsync($"/api/backup-policies/{unknown}/run", null, Ct), HttpStatusCode.NotFound,
            "This backup policy does not exist.");
        await AssertProblemAsync(await api.GetAsync($"/api/backups/{unknown}/download", Ct), HttpStatusCode.NotFound, "No backup has this id.");
        await AssertProblemAsync(await api.GetAsync($"/api/backups/{unknown}", Ct), HttpStatusCode.NotFound, "No backup has this id.");
        await AssertProblemAsync(await api.PostAsync($"/api/backups/{unknown}/verify", null, Ct), HttpStatusCode.NotFound,
            "No backup has this id.");
        await AssertProblemAsync(await api.PostAsJsonAsync($"/api/backups/{unknown}/restore", new { target = "new", name = "copy" }, Ct),
            HttpStatusCode.NotFound, "No backup has this id.");
        await AssertProblemAsync(await api.GetAsync($"/api/restores/{unknown}", Ct), HttpStatusCode.NotFound, "No restore");
        await AssertProblemAsync(await api.GetAsync($"/api/backup-policies/{unknown}/backups", Ct), HttpStatusCode.NotFound,
            "No backup policy has this id.");
        await AssertProblemAsync(await api.PostAsync($"/api/databases/{unknown}/backups", null, Ct), HttpStatusCode.NotFound,
            "No database has this id.");
        await AssertProblemAsync(await api.GetAsync($"/api/databases/{unknown}/backups", Ct), HttpStatusCode.NotFound,
            "No database has this id.");
        await AssertProblemAsync(await api.PostAsJsonAsync($"/api/databases/{unknown}/backup-policies", new { destinationId = unknown }, Ct),
            HttpStatusCode.NotFound, "No database has this id.");
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("other/main")]
    [InlineData("")]
    public async Task Restore_InPlaceWithAWrongConfirm_Gets400AndStartsNothing(string confirm)
    {
        var api = Panel.Api();
        var (databaseId, _) = await AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await CreateLocalDestinationAsync(api));
        var runId = await AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-1.pgdump.zst");

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore", new { target = "in-place", confirm }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Type main (or ");
        await AssertNothingRestoredAsync(api);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("{project}/main")]
    public async Task Restore_InPlaceConfirmedByEitherName_GoesOnToTheKeyCheck(string confirm)
    {
        var api = Panel.Api();
        var (databaseId, project) = await AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await CreateLocalDestinationAsync(api));
        var key = BackupEncryption.Create();
        var runId = await AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-1.pgdump.zst.enc", 10, key.KeyId);

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore",
            new { target = "in-place", confirm = confirm.Replace("{project}", project, StringComparison.Ordinal) }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"This backup is encrypted with key {key.KeyId}: give that key");
        await AssertNothingRestoredAsync(api);
    }

    [Theory]
    [InlineData("in-place", "A volume is restored into a new volume")]
    [InlineData("over-it", "\"over-it\" is not a restore target; use \"new\" (with name) or \"in-place\" (with confirm).")]
    public async Task Restore_VolumeInPlaceOrUnknownTarget_Gets400AndStartsNothing(string target, string reason)
    {
        var api = Panel.Api();
        var policyId = await CreateVolumePolicyAsync(api, await CreateLocalDestinationAsync(api), "uploads");
        var runId = await AddRunAsync(policyId, BackupStatus.Succeeded, "volume-uploads/volume-uploads-1.tar.zst");

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore", new { target, confirm = "uploads" }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        await AssertNothingRestoredAsync(api);
    }

    [Fact]
    public async Task BackUpDatabase_WithoutAPolicy_Gets409SayingToSetOneUp()
    {
        var api = Panel.Api();
        var (databaseId, _) = await AddDatabaseAsync("main");
        await CreateVolumePolicyAsync(api, await CreateLocalDestinationAsync(api), "uploads");

        var response = await api.PostAsync($"/api/databases/{databaseId}/backups", null, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "set up a backup policy first");
        Assert.Empty((await api.GetFromJsonAsync<List<BackupDto>>($"/api/databases/{databaseId}/backups", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task DatabasePolicy_NestedRetention_RoundTripsThroughPostGetListAndPut()
    {
        var api = Panel.Api();
        var (databaseId, project) = await AddDatabaseAsync("main");
        var destinationId = await CreateLocalDestinationAsync(api);

        var created = await api.PostAsJsonAsync($"/api/databases/{databaseId}/backup-policies", new
        {
            destinationId, schedule = "30 2 * * *", timeZone = "Europe/Paris", compression = "zstd", encrypt = false,
            retention = new { last = 3, daily = 10, weekly = 5, monthly = 12 }, verifyAfterBackup = false, timeoutMinutes = 45, enabled = true,
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdJson = await created.Content.ReadAsStringAsync(Ct);
        var policy = await ApiJson.ReadAsync<PolicyDto>(created);
        Assert.Equal($"/api/backup-policies/{policy.Id}", created.Headers.Location!.OriginalString);
        Assert.Contains("\"retention\":{\"last\":3,\"daily\":10,\"weekly\":5,\"monthly\":12}", createdJson);
        Assert.DoesNotContain("privateKey", createdJson);
        Assert.Equal((BackupTarget.Database, $"{project}/main", databaseId, new RetentionDto(3, 10, 5, 12), false, 45),
            (policy.Target, policy.SubjectName, policy.ServiceId, policy.Retention, policy.VerifyAfterBackup, policy.TimeoutMinutes));

        var fetched = await api.GetFromJsonAsync<PolicyDto>($"/api/backup-policies/{policy.Id}", ApiJson.Options, Ct);
        var ofDatabase = await api.GetFromJsonAsync<List<PolicyDto>>($"/api/databases/{databaseId}/backup-policies", ApiJson.Options, Ct);
        var all = await api.GetFromJsonAsync<List<PolicyDto>>("/api/backup-policies", ApiJson.Options, Ct);
        Assert.Equal(new RetentionDto(3, 10, 5, 12), fetched!.Retention);
        Assert.Equal(policy.Id, Assert.Single(ofDatabase!).Id);
        Assert.Equal(new RetentionDto(3, 10, 5, 12), Assert.Single(all!).Retention);

        var changed = await api.PutAsJsonAsync($"/api/backup-policies/{policy.Id}", new { retention = new { weekly = 0 }, enabled = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var refetched = await api.GetFromJsonAsync<PolicyDto>($"/api/backup-policies/{policy.Id}", ApiJson.Options, Ct);
        Assert.Equal((new RetentionDto(3, 10, 0, 12), false, "30 2 * * *"), (refetched!.Retention, refetched.Enabled, refetched.Schedule));
    }

    [Theory]
    [InlineData("/api/databases/{db}/backup-policies", "volume", "leave \"target\" out")]
    [InlineData("/api/backup-policies", "database", "POST /api/databases/{id}/backup-policies")]
    [InlineData("/api/backup-policies", null, "Give the target: volume (with volumeName) or panel.")]
    public async Task CreatePolicy_TargetOfTheOtherRoute_Gets400SayingWhere(string route, string? target, string reason)
    {
        var api = Panel.Api();
        var (databaseId, _) = await AddDatabaseAsync("main");
        var destinationId = await CreateLocalDestinationAsync(api);

        var response = await api.PostAsJsonAsync(route.Replace("{db}", databaseId.ToString(), StringComparison.Ordinal),
            new { target, volumeName = "uploads", destinationId }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Empty((await api.GetFromJsonAsync<List<PolicyDto>>("/api/backup-policies", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task BackUpDatabase_WithAPolicy_Gets202WithTheBackupToFollowAndItsHistory()
    {
        var api = Panel.Api();
        var (databaseId, _) = await AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await CreateLocalDestinationAsync(api));
        var older = await AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-0.pgdump.zst", 10);

        var response = await api.PostAsync($"/api/databases/{databaseId}/backups", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await ApiJson.ReadAsync<StartedDto>(response);
        Assert.Equal($"/api/backups/{started.Id}", response.Headers.Location!.OriginalString);
        var backup = await api.GetFromJsonAsync<BackupDto>($"/api/backups/{started.Id}", ApiJson.Options, Ct);
        Assert.Equal((policyId, BackupTrigger.Manual), (backup!.PolicyId, backup.Trigger));
        var history = await api.GetFromJsonAsync<List<BackupDto>>($"/api/databases/{databaseId}/backups", ApiJson.Options, Ct);
        Assert.Equal([started.Id, older], history!.Select(b => b.Id));
        var ofPolicy = await api.GetFromJsonAsync<List<BackupDto>>($"/api/backup-policies/{policyId}/backups", ApiJson.Options, Ct);
        Assert.Equal([started.Id, older], ofPolicy!.Select(b => b.Id));
        await WaitUntilEndedAsync(api, started.Id);
    }

    [Fact]
    public async Task Download_StoredRun_StreamsTheObjectAsStoredAndIsAudited()
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        const string key = "volume-uploads/volume-uploads-20261201-030000-0a1b2c3d.tar.zst";
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        Directory.CreateDirectory(Path.Combine(folder.FullName, "volume-uploads"));
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, key), content, Ct);
        var runId = await AddRunAsync(policyId, BackupStatus.Succeeded, key, content.Length);

        using var response = await api.GetAsync($"/api/backups/{runId}/download", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("volume-uploads-20261201-030000-0a1b2c3d.tar.zst", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
        var audited = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .SingleAsync(e => e.Action == AuditActions.BackupDownloaded));
        Assert.Equal(("volume uploads", key), (audited.Target, audited.Details));

        var run = await api.GetFromJsonAsync<BackupDto>($"/api/backups/{runId}", ApiJson.Options, Ct);
        Assert.Equal((BackupStatus.Succeeded, content.Length, (bool?)null, (BackupProgressDto?)null),
            (run!.Status, run.SizeBytes, run.Verified, run.Progress));
        var history = await api.GetFromJsonAsync<List<BackupDto>>($"/api/backup-policies/{policyId}/backups?limit=5", ApiJson.Options, Ct);
        Assert.Equal(runId, Assert.Single(history!).Id);
    }

    [Fact]
    public async Task Download_FailedRun_Gets404SayingItIsNotStored()
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        var runId = await AddRunAsync(policyId, BackupStatus.Failed, "");

        var response = await api.GetAsync($"/api/backups/{runId}/download", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "it is not stored (it failed)");
        var verify = await api.PostAsync($"/api/backups/{runId}/verify", null, Ct);
        await AssertProblemAsync(verify, HttpStatusCode.NotFound, "This backup is not stored");
    }

    [Fact]
    public async Task EncryptedRun_RestoreWithoutKeyOrVerifyWithAnotherKey_Gets400NamingTheKey()
    {
        var api = Panel.Api();
        var destinationId = await CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        var key = BackupEncryption.Create();
        var runId = await AddRunAsync(policyId, BackupStatus.Succeeded, "volume-uploads/a.tar.zst.enc", 10, key.KeyId);

        var restore = await api.PostAsJsonAsync($"/api/backups/{runId}/restore", new { target = "new", name = "copy" }, Ct);
        var verify = await api.PostAsJsonAsync($"/api/backups/{runId}/verify", new { privateKey = BackupEncryption.Create().PrivateKey }, Ct);

        await AssertProblemAsync(restore, HttpStatusCode.BadRequest, $"This backup is encrypted with key {key.KeyId}: give that key");
        await AssertProblemAsync(verify, HttpStatusCode.BadRequest, $"This backup is encrypted with key {key.KeyId}, not with the key given");
    }

    [Fact]
    public async Task RestoreUpload_NotMultipartOrUnknownDatabase_GetsAProblem()
    {
        var api = Panel.Api();

        var raw = await api.PostAsync($"/api/databases/{Guid.NewGuid()}/restore-upload", new ByteArrayContent([1, 2, 3]), Ct);
        using var form = new MultipartFormDataContent { { new StringContent("copy"), "newName" }, { new ByteArrayContent([1, 2, 3]), "file", "db.dump" } };
        var unknown = await api.PostAsync($"/api/databases/{Guid.NewGuid()}/restore-upload", form, Ct);

        await AssertProblemAsync(raw, HttpStatusCode.BadRequest, "Send the backup as multipart/form-data");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "This database does not exist.");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheBackupRoutes()
    {
        var document = await Panel.Api().GetStringAsync("/openapi/v1.json", Ct);

        Assert.All(
        [
            "/api/backup-destinations/{id}/test", "/api/databases/{id}/backup-policies", "/api/databases/{id}/backups",
            "/api/backup-policies/{id}/run", "/api/backup-policies/{id}/backups", "/api/backups/{id}/restore", "/api/backups/{id}/download",
            "/api/restores/{id}", "/api/databases/{id}/restore-upload",
        ], route => Assert.Contains($"\"{route}\"", document));
        Assert.DoesNotContain("\"/api/backups/destinations", document);
        Assert.DoesNotContain("\"/api/backups/policies", document);
        Assert.DoesNotContain("\"/api/backups/runs", document);
        Assert.DoesNotContain("\"/api/backups/work", document);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Delete(recursive: true);
    }

    private static object S3Body(string name, string endpoint, string secretKey) => new
    {
        name, kind = "s3", endpoint, region = "us-east-1", bucket = "backups", prefix = "panel", pathStyle = true,
        accessKey = "AKIATEST", secretKey,
    };

    private async Task<Guid> CreateLocalDestinationAsync(HttpClient api)
    {
        var response = await api.PostAsJsonAsync("/api/backup-destinations",
            new { name = "local-" + Guid.NewGuid().ToString("N")[..6], kind = "local", path = folder.FullName }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<DestinationDto>(response)).Id;
    }

    private static async Task<Guid> CreateDatabasePolicyAsync(HttpClient api, Guid databaseId, Guid destinationId)
    {
        var response = await api.PostAsJsonAsync($"/api/databases/{databaseId}/backup-policies", new { destinationId }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<PolicyDto>(response)).Id;
    }

    /// <summary>A PostgreSQL database written straight to the panel's database: no container, nothing deployed.</summary>
    private Task<(Guid Id, string Project)> AddDatabaseAsync(string name) =>
        Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var projectName = "shop-" + Guid.NewGuid().ToString("N")[..6];
            var project = new Project { Id = Guid.CreateVersion7(), Name = projectName, NormalizedName = projectName.ToUpperInvariant() };
            var service = new Service
            {
                Id = Guid.CreateVersion7(), Name = name, Kind = ServiceKind.Database,
                Database = new DatabaseSettings { Engine = DatabaseEngine.Postgres, Version = "16", VolumeName = $"{projectName}-{name}-data" },
            };
            project.Services.Add(service);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            return (service.Id, projectName);
        });

    /// <summary>A backup queued by the API ends (failed here: there is no container) before the test's folder goes.</summary>
    private static async Task WaitUntilEndedAsync(HttpClient api, Guid backupId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await api.GetFromJsonAsync<BackupDto>($"/api/backups/{backupId}", ApiJson.Options, Ct))!.Status == BackupStatus.Running
               && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }
    }

    private async Task AssertNothingRestoredAsync(HttpClient api)
    {
        Assert.Empty((await api.GetFromJsonAsync<List<BackupProgressDto>>("/api/backups/activity", ApiJson.Options, Ct))!);
        var restores = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .CountAsync(e => e.Action == AuditActions.BackupRestoreStarted));
        Assert.Equal(0, restores);
    }

    private static async Task<Guid> CreateVolumePolicyAsync(HttpClient api, Guid destinationId, string volumeName)
    {
        var response = await api.PostAsJsonAsync("/api/backup-policies", new { target = "volume", volumeName, destinationId }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<PolicyDto>(response)).Id;
    }

    /// <summary>A finished run written straight to the database, as the runner leaves one.</summary>
    private Task<Guid> AddRunAsync(Guid policyId, BackupStatus status, string objectKey, long sizeBytes = 0, string? keyId = null) =>
        Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var run = new BackupRun
            {
                Id = Guid.CreateVersion7(), PolicyId = policyId, Trigger = BackupTrigger.Manual, Status = status,
                StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), FinishedAt = DateTimeOffset.UtcNow, ObjectKey = objectKey,
                SizeBytes = sizeBytes, Compression = BackupCompression.Zstd, EncryptionKeyId = keyId, Error = status == BackupStatus.Failed ? "tar failed" : null,
            };
            db.BackupRuns.Add(run);
            await db.SaveChangesAsync();
            return run.Id;
        });

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail, StringComparison.Ordinal);
    }
}
