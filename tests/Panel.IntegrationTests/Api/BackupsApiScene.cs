using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Api;

/// <summary>
/// What the backups API tests set up: a local destination folder of the test's own, databases and finished runs written
/// straight to the panel's database, policies made through the API, and the checks they share.
/// </summary>
public sealed class BackupsApiScene(PanelFactory panel) : IDisposable
{
    public const string Secret = "s3cr3t-Key-That-Must-Never-Show-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The folder of the test's local destinations; removed with the scene.</summary>
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("dropit-backups-api-");

    public static object S3Body(string name, string endpoint, string secretKey) => new
    {
        name, kind = "s3", endpoint, region = "us-east-1", bucket = "backups", prefix = "panel", pathStyle = true,
        accessKey = "AKIATEST", secretKey,
    };

    public async Task<Guid> CreateLocalDestinationAsync(HttpClient api)
    {
        var response = await api.PostAsJsonAsync("/api/backup-destinations",
            new { name = "local-" + Guid.NewGuid().ToString("N")[..6], kind = "local", path = Folder.FullName }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<DestinationDto>(response)).Id;
    }

    public static async Task<Guid> CreateDatabasePolicyAsync(HttpClient api, Guid databaseId, Guid destinationId)
    {
        var response = await api.PostAsJsonAsync($"/api/databases/{databaseId}/backup-policies", new { destinationId }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<PolicyDto>(response)).Id;
    }

    public static async Task<Guid> CreateVolumePolicyAsync(HttpClient api, Guid destinationId, string volumeName)
    {
        var response = await api.PostAsJsonAsync("/api/backup-policies", new { target = "volume", volumeName, destinationId }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiJson.ReadAsync<PolicyDto>(response)).Id;
    }

    /// <summary>A PostgreSQL database written straight to the panel's database: no container, nothing deployed.</summary>
    public Task<(Guid Id, string Project)> AddDatabaseAsync(string name) =>
        panel.WithScopeAsync(async sp =>
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

    /// <summary>A finished run written straight to the database, as the runner leaves one.</summary>
    public Task<Guid> AddRunAsync(Guid policyId, BackupStatus status, string objectKey, long sizeBytes = 0, string? keyId = null) =>
        panel.WithScopeAsync(async sp =>
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

    /// <summary>A backup queued by the API ends (failed here: there is no container) before the test's folder goes.</summary>
    public static Task WaitUntilEndedAsync(HttpClient api, Guid backupId) =>
        Eventually.MatchesAsync(() => api.GetFromJsonAsync<BackupDto>($"/api/backups/{backupId}", ApiJson.Options, Ct),
            backup => backup!.Status != BackupStatus.Running, TimeSpan.FromSeconds(60), "the backup to end", TimeSpan.FromMilliseconds(200));

    /// <summary>No restore is under way and none was ever started on this panel.</summary>
    public async Task AssertNothingRestoredAsync(HttpClient api)
    {
        Assert.Empty((await api.GetFromJsonAsync<List<BackupProgressDto>>("/api/backups/activity", ApiJson.Options, Ct))!);
        var restores = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .CountAsync(e => e.Action == AuditActions.BackupRestoreStarted));
        Assert.Equal(0, restores);
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail, StringComparison.Ordinal);
    }

    public void Dispose() => Folder.Delete(recursive: true);
}
