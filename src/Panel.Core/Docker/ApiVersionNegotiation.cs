using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The Engine API version the panel speaks with its engine (decision 054): the engine's own, at most the newest this
/// client knows. <see cref="Engine"/> and <see cref="EngineVersion"/> are what the engine said of itself.
/// </summary>
public sealed record EngineApi(Version Engine, Version Negotiated, string EngineVersion)
{
    /// <summary>Whether a field or parameter that came with Engine API <paramref name="since"/> may be sent.</summary>
    public bool Supports(Version since) => Negotiated >= since;

    /// <summary>"1.41".</summary>
    public static string Format(Version version) => version.ToString(2);
}

/// <summary>
/// Asks the engine once (<c>GET /version</c>, unversioned) which API it speaks, then sends every request of the client
/// to <c>/v{min(engine, client)}/...</c>, so an engine never gets a version it does not know and the client never gets
/// answers shaped by a version newer than its models. It sits where the client lets a handler wrap its transport (the
/// authentication hook; the panel's endpoints need no authentication of their own). A failed attempt is not kept: the
/// next request asks again.
/// </summary>
internal sealed class ApiVersionNegotiation(Version clientApi) : IAuthProvider
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private Task<EngineApi>? answer;
    private EngineApi? known;

    public bool TlsEnabled => false;

    /// <summary>The negotiated version once an answer came; null before.</summary>
    public EngineApi? Known => Volatile.Read(ref known);

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler) => new VersionedRequests(handler, this);

    /// <summary>The smaller of the two: what both sides know.</summary>
    public static Version Choose(Version engine, Version client) => engine < client ? engine : client;

    /// <summary><c>http://docker.sock/containers/json</c> → <c>http://docker.sock/v1.41/containers/json</c>.</summary>
    public static Uri Versioned(Uri uri, Version version) =>
        new($"{uri.GetLeftPart(UriPartial.Authority)}/v{EngineApi.Format(version)}{uri.PathAndQuery}");

    private Task<EngineApi> NegotiateAsync(Uri requestUri, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send)
    {
        lock (gate)
        {
            if (answer is null || answer.IsFaulted || answer.IsCanceled)
            {
                answer = AskAsync(new Uri(requestUri.GetLeftPart(UriPartial.Authority) + "/version"), send);
            }

            return answer;
        }
    }

    private async Task<EngineApi> AskAsync(Uri versionUri, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send)
    {
        using var timeout = new CancellationTokenSource(AskTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, versionUri);
        using var response = await send(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new DockerApiException(response.StatusCode, body);
        }

        using var json = JsonDocument.Parse(body);
        var engine = json.RootElement.TryGetProperty("ApiVersion", out var api) && api.GetString() is { } text
            && Version.TryParse(text, out var parsed)
                ? parsed
                : throw new DockerApiException(response.StatusCode, $"The engine's /version answer has no ApiVersion: {body}");
        var version = json.RootElement.TryGetProperty("Version", out var named) ? named.GetString() ?? "" : "";
        var negotiated = new EngineApi(engine, Choose(engine, clientApi), version);
        Volatile.Write(ref known, negotiated);
        return negotiated;
    }

    private sealed class VersionedRequests(HttpMessageHandler inner, ApiVersionNegotiation negotiation) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("A Docker request has no address.");
            var api = await negotiation.NegotiateAsync(uri, base.SendAsync).WaitAsync(cancellationToken);
            request.RequestUri = Versioned(uri, api.Negotiated);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
