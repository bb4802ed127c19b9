using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>One answer of the CA to a signed request.</summary>
internal sealed record AcmeResponse(int Status, Uri? Location, TimeSpan? RetryAfter, byte[] Body)
{
    public T Read<T>() where T : class =>
        JsonSerializer.Deserialize<T>(Body, AcmeJson.Options)
        ?? throw new InvalidOperationException($"The CA answered with an empty {typeof(T).Name}.");
}

/// <summary>
/// The wire: the directory, signed POSTs with content type <c>application/jose+json</c>, nonce bookkeeping,
/// <c>badNonce</c> retries and problem documents turned into <see cref="AcmeException"/>.
/// </summary>
internal sealed class AcmeChannel(HttpClient http, Uri directoryUrl, TimeProvider clock)
{
    /// <summary>
    /// A CA may refuse any nonce (pebble does so on purpose, at a set rate); retries are cheap, and 15 keep even a
    /// 50% refusal rate from failing a request in practice.
    /// </summary>
    public const int MaxBadNonceRetries = 15;
    private const int MaxQuotedBodyChars = 500;

    private static readonly MediaTypeHeaderValue JoseJson = new("application/jose+json");

    private readonly AcmeNonces nonces = new(http);
    private AcmeDirectory? directory;

    public async Task<AcmeDirectory> DirectoryAsync(CancellationToken ct)
    {
        if (directory is not null)
        {
            return directory;
        }

        using var response = await http.GetAsync(directoryUrl, ct);
        nonces.Remember(response.Headers);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, body);
        }

        directory = JsonSerializer.Deserialize<AcmeDirectory>(body, AcmeJson.Options)
            ?? throw new InvalidOperationException($"The ACME directory at {directoryUrl} is empty.");
        return directory;
    }

    /// <summary>
    /// POSTs the JWS <paramref name="sign"/> makes for a fresh nonce; on <c>badNonce</c>, signs again with the nonce
    /// of that very error answer, up to <see cref="MaxBadNonceRetries"/> times.
    /// </summary>
    public async Task<AcmeResponse> PostAsync(Uri url, Func<string, JsonObject> sign, string? accept, CancellationToken ct)
    {
        var newNonce = AcmeDirectory.Require((await DirectoryAsync(ct)).NewNonce, "newNonce");
        for (var attempt = 0; ; attempt++)
        {
            var nonce = await nonces.TakeAsync(newNonce, ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(sign(nonce).ToJsonString())),
            };
            request.Content.Headers.ContentType = JoseJson;
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            using var response = await http.SendAsync(request, ct);
            nonces.Remember(response.Headers);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                var location = response.Headers.Location is { } l ? new Uri(url, l) : null;
                return new AcmeResponse((int)response.StatusCode, location, Delay(response.Headers.RetryAfter), body);
            }

            var problem = Problem(response, body);
            if (!problem.Is("badNonce") || attempt >= MaxBadNonceRetries)
            {
                throw problem;
            }
        }
    }

    private AcmeException Problem(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var retryAfter = Delay(response.Headers.RetryAfter) is { } delay ? clock.GetUtcNow() + delay : (DateTimeOffset?)null;
        ProblemDocument? document = null;
        try
        {
            document = JsonSerializer.Deserialize<ProblemDocument>(body, AcmeJson.Options);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): quoted below as it is.
        }

        if (document?.Type is not null)
        {
            return document.ToException(status, retryAfter);
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        var detail = text.Length == 0
            ? $"HTTP {status} {response.ReasonPhrase}"
            : $"HTTP {status}: {(text.Length > MaxQuotedBodyChars ? text[..MaxQuotedBodyChars] : text)}";
        return new AcmeException("about:blank", detail, status, retryAfter);
    }

    private TimeSpan? Delay(RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
