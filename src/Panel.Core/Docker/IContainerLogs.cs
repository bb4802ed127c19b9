namespace DropIt.Panel.Core.Docker;

/// <summary>The logs Docker keeps of each container, read as they are written (standard output and error apart).</summary>
public interface IContainerLogs
{
    /// <summary>
    /// Opens the container's log with Docker's timestamps. Throws <see cref="ContainerNotFoundException"/> when the
    /// container is gone.
    /// </summary>
    Task<IContainerOutput> OpenAsync(string containerId, ContainerLogRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// What to read: both outputs with timestamps, following new lines or not, the last <paramref name="Tail"/> lines
/// ("all", or a count), between <paramref name="Since"/> and <paramref name="Until"/>.
/// </summary>
public sealed record ContainerLogRequest(bool Follow, string Tail, DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>One open output of a container. Disposing it (from any thread) ends a read that waits.</summary>
public interface IContainerOutput : IDisposable
{
    /// <summary>The next chunk written into <paramref name="buffer"/>; <see cref="OutputChunk.Ended"/> once there is no more.</summary>
    Task<OutputChunk> ReadAsync(byte[] buffer, int count, CancellationToken cancellationToken);
}

/// <summary><paramref name="Count"/> bytes of standard error or output, or the end of the stream.</summary>
public readonly record struct OutputChunk(int Count, bool StandardError, bool Ended);

/// <summary>The container does not exist (any more).</summary>
public sealed class ContainerNotFoundException(string containerId, Exception? inner = null)
    : Exception($"There is no container {containerId}.", inner);
