using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static DropIt.Panel.IntegrationTests.Api.BackupsApiScene;

namespace DropIt.Panel.IntegrationTests.Api;

/// <summary>
/// The backups API on a real panel database, without Docker: destinations, policies, and databases and backups written
/// directly. These tests only use the rows they make, so they share one panel; the ones that count the panel's rows are in
/// <see cref="BackupsApiTotalsTests"/>.
/// </summary>
public sealed class BackupsApiTests(BootstrappedPanel panel) : SharedPanelTest<BootstrappedPanel>(panel)
{
    private readonly BackupsApiScene scene = new(panel);

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

    [Fact]
    public async Task TestDestination_LocalFolder_Succeeds()
    {
        var api = Panel.Api();
        var id = await scene.CreateLocalDestinationAsync(api);

        var response = await api.PostAsync($"/api/backup-destinations/{id}/test", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ApiJson.ReadAsync<DestinationTestDto>(response);
        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(Directory.GetFiles(scene.Folder.FullName, "*", SearchOption.AllDirectories));
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

    [Fact]
    public async Task CreatePolicy_Encrypted_ReturnsThePrivateKeyOnceAndNeverAgain()
    {
        var api = Panel.Api();
        var destinationId = await scene.CreateLocalDestinationAsync(api);

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
        var destinationId = await scene.CreateLocalDestinationAsync(api);
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

    [Fact]
    public async Task BackUpDatabase_WithoutAPolicy_Gets409SayingToSetOneUp()
    {
        var api = Panel.Api();
        var (databaseId, _) = await scene.AddDatabaseAsync("main");
        await CreateVolumePolicyAsync(api, await scene.CreateLocalDestinationAsync(api), "uploads");

        var response = await api.PostAsync($"/api/databases/{databaseId}/backups", null, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "set up a backup policy first");
        Assert.Empty((await api.GetFromJsonAsync<List<BackupDto>>($"/api/databases/{databaseId}/backups", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task BackUpDatabase_WithAPolicy_Gets202WithTheBackupToFollowAndItsHistory()
    {
        var api = Panel.Api();
        var (databaseId, _) = await scene.AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await scene.CreateLocalDestinationAsync(api));
        var older = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-0.pgdump.zst", 10);

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
    public async Task Download_FailedRun_Gets404SayingItIsNotStored()
    {
        var api = Panel.Api();
        var destinationId = await scene.CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Failed, "");

        var response = await api.GetAsync($"/api/backups/{runId}/download", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "it is not stored (it failed)");
        var verify = await api.PostAsync($"/api/backups/{runId}/verify", null, Ct);
        await AssertProblemAsync(verify, HttpStatusCode.NotFound, "This backup is not stored");
    }

    [Fact]
    public async Task EncryptedRun_RestoreWithoutKeyOrVerifyWithAnotherKey_Gets400NamingTheKey()
    {
        var api = Panel.Api();
        var destinationId = await scene.CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        var key = BackupEncryption.Create();
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, "volume-uploads/a.tar.zst.enc", 10, key.KeyId);

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
        scene.Dispose();
    }
}
