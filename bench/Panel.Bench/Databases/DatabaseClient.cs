using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Databases;

/// <summary>Creates, changes and deletes databases through the panel's REST API, as a CI script would.</summary>
internal sealed class DatabaseClient(HttpClient api)
{
    private const int PollMilliseconds = 100;
    private const int LogLinesShown = 25;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// POST /api/projects/{id}/databases: a PostgreSQL 15 database; its first start is queued. Its id, and its host name
    /// on the panel's network (the name of its Swarm service).
    /// </summary>
    public async Task<(Guid Id, string Host)> CreatePostgresAsync(Guid projectId, string name)
    {
        using var response = await api.PostAsJsonAsync($"/api/projects/{projectId}/databases",
            new { name, engine = "postgres", version = "15" }, ApiJson.Options);
        var created = await ReadAsync(response, $"Creating the database {name}");
        return (created.GetProperty("id").GetGuid(), created.GetProperty("host").GetString()!);
    }

    /// <summary>PATCH /api/databases/{id} with one server setting: applied by a stop-first redeploy.</summary>
    public async Task ChangeSettingAsync(Guid databaseId, string name, string value)
    {
        using var response = await api.PatchAsJsonAsync($"/api/databases/{databaseId}",
            new { serverSettings = new[] { new { name, value } } }, ApiJson.Options);
        await ReadAsync(response, "Changing the database's settings");
    }

    /// <summary>The connection URL with the password (POST /api/databases/{id}/credentials).</summary>
    public async Task<string> UrlAsync(Guid databaseId)
    {
        using var response = await api.PostAsync($"/api/databases/{databaseId}/credentials", null);
        return (await ReadAsync(response, "Reading the credentials")).GetProperty("url").GetString()!;
    }

    /// <summary>DELETE /api/databases/{id}?deleteVolume=true: the service, its secrets and configs, and its data.</summary>
    public async Task DeleteWithVolumeAsync(Guid databaseId)
    {
        using var response = await api.DeleteAsync($"/api/databases/{databaseId}?deleteVolume=true");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Deleting the database failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Polls the newest deployment of the database (other than <paramref name="previous"/>) every 100 ms until it
    /// succeeded; the time on <paramref name="clock"/> then, and when each step was first seen.
    /// </summary>
    public async Task<DatabaseDeployment> WaitSucceededAsync(Guid databaseId, Guid? previous, Stopwatch clock)
    {
        var steps = new List<(string Step, TimeSpan Seen)> { ("(request, first poll)", TimeSpan.Zero) };
        while (true)
        {
            var deployments = await api.GetFromJsonAsync<JsonElement>($"/api/databases/{databaseId}/deployments?take=1", ApiJson.Options);
            var newest = deployments.EnumerateArray().FirstOrDefault();
            if (newest.ValueKind == JsonValueKind.Object && newest.GetProperty("id").GetGuid() != previous)
            {
                var id = newest.GetProperty("id").GetGuid();
                var status = newest.GetProperty("status").GetString();
                var step = newest.GetProperty("step").GetString() ?? "";
                if (steps[^1].Step != step)
                {
                    steps.Add((step, clock.Elapsed));
                }

                if (status == "succeeded")
                {
                    return new DatabaseDeployment(id, new DeployTiming(clock.Elapsed, steps),
                        newest.GetProperty("startedAt").GetDateTimeOffset() - newest.GetProperty("createdAt").GetDateTimeOffset(),
                        TimeSpan.FromSeconds(newest.GetProperty("durationSeconds").GetDouble()));
                }

                if (status is "failed" or "cancelled")
                {
                    throw new DeploymentFailedException($"Deployment {id} ended {status}: {newest.GetProperty("error")}\n" +
                        Command.Tail(await api.GetStringAsync($"/api/deployments/{id}/log"), LogLinesShown));
                }
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"The database's deployment had not succeeded after {Timeout.TotalMinutes:0} min.");
            }

            await Task.Delay(PollMilliseconds);
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

/// <summary>
/// A deployment of a database that succeeded: as the 100 ms polls saw it, and by the panel's own clock (waiting in
/// the queue, then running).
/// </summary>
internal sealed record DatabaseDeployment(Guid Id, DeployTiming Polled, TimeSpan Queued, TimeSpan Ran);
