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
/// the panel reaches Docker through their narrow interfaces (decision 048).
/// </summary>
public sealed class DockerEngine(IOptions<DockerOptions> options) : IEngineProbe, IDisposable
{
    private readonly DockerClient client = new DockerClientConfiguration(new Uri(options.Value.Endpoint)).CreateClient();

    internal IDockerClient Client => client;

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
