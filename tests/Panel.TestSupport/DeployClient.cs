using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DropIt.Panel.TestSupport;

/// <summary>Drives application services through the REST API, as a CI script would.</summary>
public sealed class DeployClient(HttpClient api)
{
    public HttpClient Api { get; } = api;

    public async Task<Guid> CreateProjectAsync(string name)
    {
        var response = await Api.PostAsJsonAsync("/api/projects", new { name }, ApiJson.Options);
        response.EnsureSuccessStatusCode();
        return (await ApiJson.ReadAsync<JsonElement>(response)).GetProperty("id").GetGuid();
    }

    /// <summary>Creates an application; <paramref name="body"/> is the JSON of POST /api/projects/{id}/services.</summary>
    public async Task<Guid> CreateApplicationAsync(Guid projectId, object body)
    {
        var response = await Api.PostAsJsonAsync($"/api/projects/{projectId}/services", body, ApiJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the application failed: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A Git application of <see cref="SampleApp"/> with quick health checks.</summary>
    public Task<Guid> CreateGitApplicationAsync(Guid projectId, string name, Uri cloneUri, string? token = null) =>
        CreateApplicationAsync(projectId, new
        {
            name,
            kind = "application",
            source = new { type = "git", url = cloneUri.ToString(), branch = "main", token },
            port = SampleApp.Port,
            healthCheck = new { path = "/health", intervalSeconds = 1, timeoutSeconds = 2, retries = 3, startPeriodSeconds = 30 },
        });

    /// <summary>Uploads <paramref name="files"/> (path to text) as a zip source of the application.</summary>
    public async Task<HttpResponseMessage> UploadSourceAsync(Guid serviceId, IReadOnlyDictionary<string, string> files,
        CancellationToken cancellationToken)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                await using var entry = await archive.CreateEntry(path).OpenAsync(cancellationToken);
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            }
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(zip.ToArray()), "file", "source.zip" } };
        return await Api.PostAsync($"/api/services/{serviceId}/source", form, cancellationToken);
    }

    public async Task<Guid> DeployAsync(Guid serviceId)
    {
        var response = await Api.PostAsync($"/api/services/{serviceId}/deployments", null);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"Deploy was refused: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> GetDeploymentAsync(Guid deploymentId) =>
        await Api.GetFromJsonAsync<JsonElement>($"/api/deployments/{deploymentId}", ApiJson.Options);

    public async Task<JsonElement> GetServiceAsync(Guid serviceId) =>
        await Api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}", ApiJson.Options);

    public Task<string> LogAsync(Guid deploymentId) => Api.GetStringAsync($"/api/deployments/{deploymentId}/log");

    /// <summary>Waits until the deployment is succeeded, failed or cancelled; returns it.</summary>
    public async Task<JsonElement> WaitFinishedAsync(Guid deploymentId, int timeoutSeconds = 180)
    {
        try
        {
            return await Eventually.MatchesAsync(() => GetDeploymentAsync(deploymentId),
                d => d.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled",
                TimeSpan.FromSeconds(timeoutSeconds), "the deployment finished");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await LogAsync(deploymentId)}", e);
        }
    }

    /// <summary>Waits until the deployment reaches <paramref name="step"/>.</summary>
    public async Task WaitStepAsync(Guid deploymentId, string step, int timeoutSeconds = 120)
    {
        try
        {
            await Eventually.MatchesAsync(() => GetDeploymentAsync(deploymentId), d => d.GetProperty("step").GetString() == step,
                TimeSpan.FromSeconds(timeoutSeconds), $"the deployment at step \"{step}\"", TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await LogAsync(deploymentId)}", e);
        }
    }

    /// <summary>Deploys and asserts success, with the log in the message when it fails.</summary>
    public async Task<Guid> DeploySucceededAsync(Guid serviceId)
    {
        var id = await DeployAsync(serviceId);
        var finished = await WaitFinishedAsync(id);
        if (finished.GetProperty("status").GetString() != "succeeded")
        {
            throw new InvalidOperationException($"Deployment {finished.GetProperty("status")}: {finished.GetProperty("error")}\n{await LogAsync(id)}");
        }

        return id;
    }

    /// <summary>The live upstream the panel declares for the service (http://name:port).</summary>
    public async Task<Uri?> UpstreamAsync(Guid serviceId) =>
        (await GetServiceAsync(serviceId)).GetProperty("upstream").GetString() is { } url ? new Uri(url) : null;

    /// <summary>GETs <paramref name="path"/> of the live upstream from a container on the service's network (its project's).</summary>
    public async Task<string> FetchLiveAsync(Guid serviceId, string path, string? network = null)
    {
        var upstream = await UpstreamAsync(serviceId) ?? throw new InvalidOperationException("The service has no live upstream.");
        return await NetworkProbe.GetAsync(network ?? await TestNetworks.OfServiceAsync(upstream.Host), upstream.Host, upstream.Port, path);
    }
}

/// <summary>HTTP requests from a throwaway busybox container on a Docker network.</summary>
public static class NetworkProbe
{
    public static async Task<string> GetAsync(string network, string host, int port, string path)
    {
        var request = $"printf 'GET {path} HTTP/1.0\\r\\nHost: {host}\\r\\n\\r\\n' | nc -w 3 {host} {port}";
        return await TestImages.DockerAsync("run", "--rm", "--network", network, TestImages.Busybox, "sh", "-c", request);
    }
}
