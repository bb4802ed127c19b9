using System.Buffers;
using System.Runtime.CompilerServices;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Logs;

/// <summary>The container of a service that a log is read from, with the name its lines carry.</summary>
public sealed record LogSource(string ContainerId, string Replica, bool Running, DateTimeOffset Created)
{
    /// <summary>The Swarm task of a container on another node: its log is read through the manager (<see cref="ITaskLogs"/>).</summary>
    public string? TaskId { get; init; }

    /// <summary>The hostname of that other node; null for a container on the panel's engine.</summary>
    public string? Node { get; init; }

    /// <summary>The swarm id of that other node.</summary>
    public string? NodeId { get; init; }

    /// <summary>Why the log cannot be read now (its node is down), or null.</summary>
    public string? Unreadable { get; init; }
}

/// <summary>One open Docker log stream of one container (<see cref="IContainerLogs"/>): stdout and stderr apart, cut into lines.</summary>
public sealed class ContainerLogStream : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly IContainerOutput stream;
    private readonly LogLineSplitter splitter;
    private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private readonly CancellationTokenRegistration closeOnCancel;
    private bool ended;
    private bool disposed;

    private readonly DateTimeOffset? until;

    private ContainerLogStream(IContainerOutput stream, LogSource source, DateTimeOffset? until, LogSearch? search,
        CancellationToken cancellationToken)
    {
        this.stream = stream;
        this.until = until;
        splitter = new LogLineSplitter(source.Replica, search, source.Node);
        // A follow read waits for the next line however long it takes: closing the stream ends the wait.
        closeOnCancel = cancellationToken.Register(stream.Dispose);
    }

    /// <summary>The parameters of a read: both outputs, with timestamps, no TTY.</summary>
    public static ContainerLogRequest Parameters(bool follow, string tail, DateTimeOffset? since, DateTimeOffset? until) =>
        new(follow, tail, since, until);

    /// <exception cref="ContainerNotFoundException">The container is gone.</exception>
    public static async Task<ContainerLogStream> OpenAsync(IContainerLogs logs, LogSource source,
        ContainerLogRequest parameters, LogSearch? search, CancellationToken cancellationToken)
    {
        var stream = await logs.OpenAsync(source.ContainerId, parameters, cancellationToken);
        return new ContainerLogStream(stream, source, null, search, cancellationToken);
    }

    /// <summary>
    /// Opens the log of a container on the panel's engine, or of a task on another node through the manager (Docker
    /// does not apply <see cref="ContainerLogRequest.Until"/> to task logs: the lines after it are dropped here).
    /// </summary>
    /// <exception cref="ContainerNotFoundException">The container or task is gone.</exception>
    public static async Task<ContainerLogStream> OpenAsync(IContainerLogs logs, ITaskLogs tasks, LogSource source,
        ContainerLogRequest parameters, LogSearch? search, CancellationToken cancellationToken)
    {
        if (source.TaskId is null)
        {
            return await OpenAsync(logs, source, parameters, search, cancellationToken);
        }

        var stream = await tasks.OpenAsync(source.TaskId, parameters, cancellationToken);
        return new ContainerLogStream(stream, source, parameters.Until, search, cancellationToken);
    }

    /// <summary>Every line of one container, read while the caller goes through them.</summary>
    public static IAsyncEnumerable<LogLine> ReadAllAsync(IContainerLogs client, LogSource source,
        ContainerLogRequest parameters, LogSearch? search, CancellationToken cancellationToken) =>
        ReadAllAsync(() => OpenAsync(client, source, parameters, search, cancellationToken), cancellationToken);

    /// <summary>Every line of one container or task (<see cref="LogSource.TaskId"/>), read while the caller goes through them.</summary>
    public static IAsyncEnumerable<LogLine> ReadAllAsync(IContainerLogs client, ITaskLogs tasks, LogSource source,
        ContainerLogRequest parameters, LogSearch? search, CancellationToken cancellationToken) =>
        ReadAllAsync(() => OpenAsync(client, tasks, source, parameters, search, cancellationToken), cancellationToken);

    private static async IAsyncEnumerable<LogLine> ReadAllAsync(Func<Task<ContainerLogStream>> open,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var logs = await open();
        var lines = new List<LogLine>();
        while (await logs.ReadAsync(lines, cancellationToken))
        {
            foreach (var line in lines)
            {
                yield return line;
            }

            lines.Clear();
        }

        foreach (var line in lines)
        {
            yield return line;
        }
    }

    /// <summary>Adds the lines of the next chunk to <paramref name="lines"/>; false once the stream has ended (the last lines are added then).</summary>
    public async Task<bool> ReadAsync(List<LogLine> lines, CancellationToken cancellationToken)
    {
        if (ended)
        {
            return false;
        }

        while (true)
        {
            var read = await stream.ReadAsync(buffer, ChunkBytes, cancellationToken);
            if (read.Ended)
            {
                ended = true;
                splitter.Flush(lines);
                if (until is { } last)
                {
                    lines.RemoveAll(l => l.Timestamp > last);
                }

                return false;
            }

            var output = read.StandardError ? LogStream.Stderr : LogStream.Stdout;
            splitter.Push(buffer.AsSpan(0, read.Count), output, lines);
            if (until is { } end)
            {
                lines.RemoveAll(l => l.Timestamp > end);
            }

            if (lines.Count > 0)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        closeOnCancel.Dispose();
        stream.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
