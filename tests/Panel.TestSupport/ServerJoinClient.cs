using System.Net;
using System.Net.Http.Json;
using DropIt.Panel.Core.Cluster;

namespace DropIt.Panel.TestSupport;

/// <summary>Adds servers through the panel's API (POST /api/nodes) and follows the join to its end.</summary>
public sealed class ServerJoinClient(HttpClient api)
{
    public HttpClient Api => api;

    public async Task<PanelSshPublicKey> SshKeyAsync() =>
        await api.GetFromJsonAsync<PanelSshPublicKey>("/api/nodes/ssh-key", ApiJson.Options) ?? throw new InvalidOperationException("No key.");

    public async Task<HostKeyScan> ScanAsync(string host, int port)
    {
        var response = await api.PostAsJsonAsync("/api/nodes/host-keys/scan", new { host, port });
        return response.IsSuccessStatusCode
            ? await ApiJson.ReadAsync<HostKeyScan>(response)
            : throw new InvalidOperationException($"Scan answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Starts a join (202) and waits until it has ended; returns its last state.</summary>
    public async Task<JoinProgress> JoinAsync(object request, TimeSpan? timeout = null)
    {
        var response = await api.PostAsJsonAsync("/api/nodes", request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/nodes answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var started = await ApiJson.ReadAsync<JoinProgress>(response);
        return await Eventually.MatchesAsync(
            async () => await api.GetFromJsonAsync<JoinProgress>($"/api/nodes/joins/{started.Id}", ApiJson.Options) ?? started,
            p => p.Status != JoinStatus.Running, timeout ?? TimeSpan.FromSeconds(60), "the join to end", TimeSpan.FromMilliseconds(200));
    }
}
