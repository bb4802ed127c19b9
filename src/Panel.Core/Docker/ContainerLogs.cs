using Docker.DotNet;
using Docker.DotNet.Models;
using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Docker;

/// <summary>Container logs through the Engine API (no TTY: the stream is multiplexed, stdout and stderr apart).</summary>
public sealed class ContainerLogs(DockerEngine engine) : IContainerLogs
{
    public async Task<IContainerOutput> OpenAsync(string containerId, ContainerLogRequest request, CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = request.Follow,
            Tail = request.Tail,
            Since = request.Since is { } from ? LogTimestamps.ToDocker(from) : null,
            Until = request.Until is { } to ? LogTimestamps.ToDocker(to) : null,
        };
        try
        {
            return new Output(await engine.Client.Containers.GetContainerLogsAsync(containerId, parameters, cancellationToken));
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new ContainerNotFoundException(containerId, e);
        }
    }

    private sealed class Output(MultiplexedStream stream) : IContainerOutput
    {
        public async Task<OutputChunk> ReadAsync(byte[] buffer, int count, CancellationToken cancellationToken)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, count, cancellationToken);
            return new OutputChunk(read.Count, read.Target == MultiplexedStream.TargetStream.StandardError, read.EOF);
        }

        public void Dispose() => stream.Dispose();
    }
}
