using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Audit;
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
/// The backups API tests that assert on the panel's totals (nothing saved, nothing restored, one download audited): each
/// has a fresh panel. The others share one in <see cref="BackupsApiTests"/>.
/// </summary>
public sealed class BackupsApiTotalsTests : PanelTest<BootstrappedPanel>
{
    private readonly BackupsApiScene scene;

    public BackupsApiTotalsTests()
    {
        scene = new BackupsApiScene(Panel);
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

    [Theory]
    [InlineData("0 3 * *", "UTC", "'0 3 * *' is not a valid cron schedule")]
    [InlineData("0 3 * * *", "Mars/Olympus_Mons", "Unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("0 3 * * *", "Romance Standard Time", "use its IANA name Europe/Paris")]
    public async Task CreatePolicy_BadScheduleOrZone_Gets400NamingIt(string schedule, string timeZone, string reason)
    {
        var api = Panel.Api();
        var destinationId = await scene.CreateLocalDestinationAsync(api);

        var response = await api.PostAsJsonAsync("/api/backup-policies",
            new { target = "volume", volumeName = "uploads", destinationId, schedule, timeZone }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Empty((await api.GetFromJsonAsync<List<PolicyDto>>("/api/backup-policies", ApiJson.Options, Ct))!);
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("other/main")]
    [InlineData("")]
    public async Task Restore_InPlaceWithAWrongConfirm_Gets400AndStartsNothing(string confirm)
    {
        var api = Panel.Api();
        var (databaseId, _) = await scene.AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await scene.CreateLocalDestinationAsync(api));
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-1.pgdump.zst");

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore", new { target = "in-place", confirm }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Type main (or ");
        await scene.AssertNothingRestoredAsync(api);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("{project}/main")]
    public async Task Restore_InPlaceConfirmedByEitherName_GoesOnToTheKeyCheck(string confirm)
    {
        var api = Panel.Api();
        var (databaseId, project) = await scene.AddDatabaseAsync("main");
        var policyId = await CreateDatabasePolicyAsync(api, databaseId, await scene.CreateLocalDestinationAsync(api));
        var key = BackupEncryption.Create();
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, "shop-main/shop-main-1.pgdump.zst.enc", 10, key.KeyId);

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore",
            new { target = "in-place", confirm = confirm.Replace("{project}", project, StringComparison.Ordinal) }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"This backup is encrypted with key {key.KeyId}: give that key");
        await scene.AssertNothingRestoredAsync(api);
    }

    [Theory]
    [InlineData("in-place", "A volume is restored into a new volume")]
    [InlineData("over-it", "\"over-it\" is not a restore target; use \"new\" (with name) or \"in-place\" (with confirm).")]
    public async Task Restore_VolumeInPlaceOrUnknownTarget_Gets400AndStartsNothing(string target, string reason)
    {
        var api = Panel.Api();
        var policyId = await CreateVolumePolicyAsync(api, await scene.CreateLocalDestinationAsync(api), "uploads");
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, "volume-uploads/volume-uploads-1.tar.zst");

        var response = await api.PostAsJsonAsync($"/api/backups/{runId}/restore", new { target, confirm = "uploads" }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        await scene.AssertNothingRestoredAsync(api);
    }

    [Fact]
    public async Task DatabasePolicy_NestedRetention_RoundTripsThroughPostGetListAndPut()
    {
        var api = Panel.Api();
        var (databaseId, project) = await scene.AddDatabaseAsync("main");
        var destinationId = await scene.CreateLocalDestinationAsync(api);

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
        var (databaseId, _) = await scene.AddDatabaseAsync("main");
        var destinationId = await scene.CreateLocalDestinationAsync(api);

        var response = await api.PostAsJsonAsync(route.Replace("{db}", databaseId.ToString(), StringComparison.Ordinal),
            new { target, volumeName = "uploads", destinationId }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Empty((await api.GetFromJsonAsync<List<PolicyDto>>("/api/backup-policies", ApiJson.Options, Ct))!);
    }

    [Fact]
    public async Task Download_StoredRun_StreamsTheObjectAsStoredAndIsAudited()
    {
        var api = Panel.Api();
        var destinationId = await scene.CreateLocalDestinationAsync(api);
        var policyId = await CreateVolumePolicyAsync(api, destinationId, "uploads");
        const string key = "volume-uploads/volume-uploads-20261201-030000-0a1b2c3d.tar.zst";
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        Directory.CreateDirectory(Path.Combine(scene.Folder.FullName, "volume-uploads"));
        await File.WriteAllBytesAsync(Path.Combine(scene.Folder.FullName, key), content, Ct);
        var runId = await scene.AddRunAsync(policyId, BackupStatus.Succeeded, key, content.Length);

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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        scene.Dispose();
    }
}
