using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DropIt.Panel.TestSupport;

/// <summary>Static sites through the panel's API, and their pages through the static edge (loopback, Host header).</summary>
public sealed class StaticSiteClient(HttpClient api, int edgePort) : IDisposable
{
    private readonly HttpClient edge = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    }) { Timeout = TimeSpan.FromSeconds(10) };

    public HttpClient Api { get; } = api;

    public async Task<Guid> CreateAsync(Guid projectId, string name, string domain, object? settings = null)
    {
        var body = JsonSerializer.SerializeToElement(settings ?? new { }, ApiJson.Options).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object)p.Value);
        body["name"] = name;
        body["domains"] = new[] { domain };
        var response = await Api.PostAsJsonAsync($"/api/projects/{projectId}/static-sites", body, ApiJson.Options);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the site answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Uploads a zip as curl -F file=@site.zip does.</summary>
    public Task<HttpResponseMessage> UploadAsync(Guid siteId, byte[] zip, string fileName = "dist.zip") =>
        UploadAsync(Api, siteId, zip, fileName);

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid siteId, byte[] zip, string fileName = "dist.zip")
    {
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync($"/api/static-sites/{siteId}/releases", form);
    }

    public async Task<Guid> UploadLiveAsync(Guid siteId, byte[] zip)
    {
        var response = await UploadAsync(siteId, zip);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task<HttpResponseMessage> ActivateAsync(Guid siteId, Guid releaseId) =>
        Api.PostAsync($"/api/static-sites/{siteId}/releases/{releaseId}/activate", null);

    /// <summary>GET through the static edge with <paramref name="host"/> as Host header; gzip only when asked.</summary>
    public Task<HttpResponseMessage> GetAsync(string host, string path, bool acceptGzip = false) =>
        GetAsync(edge, edgePort, host, path, acceptGzip, CancellationToken.None);

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, int port, string host, string path, bool acceptGzip,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = host;
        if (acceptGzip)
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip");
        }

        return client.SendAsync(request, cancellationToken);
    }

    public async Task<string> GetTextAsync(string host, string path)
    {
        var response = await GetAsync(host, path);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    public void Dispose() => edge.Dispose();
}
