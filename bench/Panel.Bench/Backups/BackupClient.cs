using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Backups;

/// <summary>
/// One backup that ended, as the panel reports it (<c>GET /api/backups/{id}</c>): its own start and end, what it wrote,
/// and the wall time from the request to the first poll that saw it end (or, with <c>untilVerified</c>, its test restore).
/// </summary>
internal sealed record BackupResult(Guid Id, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long DumpBytes, long SizeBytes,
    string Verification, DateTimeOffset? VerifiedAt, string? VerificationDetail, TimeSpan Wall)
{
    /// <summary>The backup's own duration: <c>finishedAt - startedAt</c>.</summary>
    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>Sets up and runs backups through the panel's REST API, as a CI script would.</summary>
internal sealed class BackupClient(HttpClient api)
{
    private const int PollMilliseconds = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>POST /api/backup-destinations: an S3 bucket addressed path-style (s3rver), with s3rver's credentials.</summary>
    public async Task<Guid> CreateS3DestinationAsync(string name, string endpoint, string bucket)
    {
        using var response = await api.PostAsJsonAsync("/api/backup-destinations", new
        {
            name, kind = "s3", endpoint, bucket, pathStyle = true, accessKey = S3Server.AccessKey, secretKey = S3Server.SecretKey,
        }, ApiJson.Options);
        return (await ReadAsync(response, "Creating the backup destination")).GetProperty("id").GetGuid();
    }

    /// <summary>POST /api/backup-destinations/{id}/test: the panel writes, reads back and deletes a 4 KB object.</summary>
    public async Task<(bool Succeeded, string Message)> TestDestinationAsync(Guid destinationId)
    {
        using var response = await api.PostAsync($"/api/backup-destinations/{destinationId}/test", null);
        var answer = await ReadAsync(response, "Testing the backup destination");
        return (answer.GetProperty("succeeded").GetBoolean(), answer.GetProperty("message").GetString() ?? "");
    }

    /// <summary>POST /api/databases/{id}/backup-policies: run by hand only (no schedule), zstd, not encrypted.</summary>
    public async Task<Guid> CreatePolicyAsync(Guid databaseId, Guid destinationId, bool verifyAfterBackup)
    {
        using var response = await api.PostAsJsonAsync($"/api/databases/{databaseId}/backup-policies", new
        {
            destinationId, compression = "zstd", encrypt = false, verifyAfterBackup,
        }, ApiJson.Options);
        return (await ReadAsync(response, "Creating the backup policy")).GetProperty("id").GetGuid();
    }

    /// <summary>POST /api/databases/{id}/backups: back up now with the database's (first) policy.</summary>
    public async Task<Guid> BackUpDatabaseAsync(Guid databaseId)
    {
        using var response = await api.PostAsync($"/api/databases/{databaseId}/backups", null);
        return (await ReadAsync(response, "Starting the backup")).GetProperty("id").GetGuid();
    }

    /// <summary>POST /api/backup-policies/{id}/run: back up now with this policy.</summary>
    public async Task<Guid> RunPolicyAsync(Guid policyId)
    {
        using var response = await api.PostAsync($"/api/backup-policies/{policyId}/run", null);
        return (await ReadAsync(response, "Starting the backup")).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Polls <c>GET /api/backups/{id}</c> every 200 ms until the backup ended (and, with <paramref name="untilVerified"/>,
    /// its test restore too); throws when it failed.
    /// </summary>
    public async Task<BackupResult> WaitAsync(Guid backupId, Stopwatch clock, bool untilVerified)
    {
        while (true)
        {
            var backup = await api.GetFromJsonAsync<JsonElement>($"/api/backups/{backupId}", ApiJson.Options);
            var status = backup.GetProperty("status").GetString();
            var verification = backup.GetProperty("verification").GetString() ?? "";
            if (status == "failed")
            {
                throw new BackupFailedException($"Backup {backupId} failed: {backup.GetProperty("error")}");
            }

            if (status == "succeeded" && (!untilVerified || verification is "verified" or "failed"))
            {
                var wall = clock.Elapsed;
                return new BackupResult(backupId, backup.GetProperty("startedAt").GetDateTimeOffset(),
                    backup.GetProperty("finishedAt").GetDateTimeOffset(), backup.GetProperty("dumpBytes").GetInt64(),
                    backup.GetProperty("sizeBytes").GetInt64(), verification,
                    backup.GetProperty("verifiedAt") is { ValueKind: JsonValueKind.String } at ? at.GetDateTimeOffset() : null,
                    backup.GetProperty("verificationDetail").GetString(), wall);
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Backup {backupId} had not ended after {Timeout.TotalMinutes:0} min (status {status}, " +
                    $"verification {verification}).");
            }

            await Task.Delay(PollMilliseconds);
        }
    }

    /// <summary>DELETE /api/backup-policies/{id}: its backups stay at the destination (the S3 folder goes at the end).</summary>
    public async Task DeletePolicyAsync(Guid policyId) => await DeleteAsync($"/api/backup-policies/{policyId}", "backup policy");

    public async Task DeleteDestinationAsync(Guid destinationId) =>
        await DeleteAsync($"/api/backup-destinations/{destinationId}", "backup destination");

    private async Task DeleteAsync(string path, string what)
    {
        using var response = await api.DeleteAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Deleting the {what} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {text}");
    }
}

/// <summary>The panel reported a backup <c>failed</c>: the bench could not measure it.</summary>
internal sealed class BackupFailedException(string message) : Exception(message);
