using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

public sealed record EngineStatus(bool Reachable, string? Version, string? Error);

public interface IEngineProbe
{
    Task<EngineStatus> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The one Docker Engine API client of the panel. Its raw client is for the classes of this folder only: the rest of
/// the panel reaches Docker through their narrow interfaces (decision 048). Every request names the API version both
/// sides know, asked of the engine once (decision 054).
/// </summary>
public sealed class DockerEngine : IEngineProbe, IDisposable
{
    /// <summary>The newest Engine API whose fields the client library models: Docker 29's.</summary>
    public static readonly Version ClientApiVersion = new(1, 52);

    private readonly IOptions<DockerOptions> options;
    private readonly ApiVersionNegotiation negotiation = new(ClientApiVersion);
    private readonly DockerClient client;

    public DockerEngine(IOptions<DockerOptions> options)
    {
        this.options = options;
        client = new DockerClientBuilder().WithEndpoint(new Uri(options.Value.Endpoint)).WithAuthProvider(negotiation).Build();
    }

    internal IDockerClient Client => client;

    /// <summary>
    /// The API version the panel speaks with the engine and what the engine said of itself; the first call (or the
    /// client's first request) asks the engine, later ones do not.
    /// </summary>
    public async Task<EngineApi> ApiAsync(CancellationToken cancellationToken)
    {
        if (negotiation.Known is { } known)
        {
            return known;
        }

        await client.System.PingAsync(cancellationToken);
        return negotiation.Known ?? throw new InvalidOperationException("The Docker engine answered without its API version being known.");
    }

    public async Task<EngineStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var version = await client.System.GetVersionAsync(timeout.Token);
            return new EngineStatus(true, version.Version, null);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException
            or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException
            && !cancellationToken.IsCancellationRequested)
        {
            return new EngineStatus(false, null,
                $"The Docker engine at {options.Value.Endpoint} does not answer. Start dockerd, or set Docker:Endpoint.");
        }
    }

    public void Dispose() => client.Dispose();
}
