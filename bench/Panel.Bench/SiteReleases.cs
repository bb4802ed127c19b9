using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DropIt.Panel.Bench;

/// <summary>An upload timed from the start of the POST to its 201, and what the panel answered about the release.</summary>
internal sealed record TimedUpload(TimeSpan Elapsed, long ServerBytes, int ServerFileCount);

/// <summary>
/// Releases of one static site through the panel's API (<c>curl -F file=@dist.zip</c>), and its home page through the
/// static edge (loopback, with the site's Host header).
/// </summary>
internal sealed class SiteReleases(HttpClient api, Guid siteId, int edgePort, string host) : IDisposable
{
    private readonly HttpClient edge = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public int EdgePort => edgePort;

    /// <summary>The site's <c>incoming/</c> folder: an upload's zip stays there until its compressed twins are written.</summary>
    public string? IncomingFolder { get; init; }

    /// <summary>
    /// Waits until the panel has written the compressed twins of the last upload (its zip is gone from
    /// <see cref="IncomingFolder"/>): the time it took, or null when not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan?> WaitCompressedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IncomingFolder is { } folder && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.zip").Any())
        {
            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>An in-memory zip.</summary>
    public Task<TimedUpload> UploadAsync(byte[] zip, string fileName) => UploadAsync(new ByteArrayContent(zip), fileName);

    /// <summary>Sends <paramref name="zip"/> (disposed here) as the multipart field <c>file</c>; fails unless the answer is 201.</summary>
    public async Task<TimedUpload> UploadAsync(HttpContent zip, string fileName)
    {
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var form = new MultipartFormDataContent { { zip, "file", fileName } };
        var clock = Stopwatch.StartNew();
        using var response = await api.PostAsync($"/api/static-sites/{siteId}/releases", form);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Uploading {fileName} answered {(int)response.StatusCode}: {body}");
        }

        var release = JsonDocument.Parse(body).RootElement;
        return new TimedUpload(clock.Elapsed, release.GetProperty("bytes").GetInt64(), release.GetProperty("fileCount").GetInt32());
    }

    /// <summary>What the edge last answered for <c>/</c> when it did not serve the marker (status and start of the body, or the error).</summary>
    public string LastEdgeAnswer { get; private set; } = "";

    /// <summary>
    /// Asks the edge for <c>/</c> until the page names <paramref name="marker"/>: zero when the first answer already did,
    /// the time it took otherwise, null when it never did within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan?> WaitServedAsync(string marker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (await ServesAsync(marker))
            {
                return attempt == 0 ? TimeSpan.Zero : clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => edge.Dispose();

    private async Task<bool> ServesAsync(string marker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{edgePort}/");
        request.Headers.Host = host;
        try
        {
            using var response = await edge.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && body.Contains($"content=\"{marker}\"", StringComparison.Ordinal))
            {
                return true;
            }

            LastEdgeAnswer = $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)].ReplaceLineEndings(" ")}";
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LastEdgeAnswer = e.Message;
            return false;
        }
    }
}
