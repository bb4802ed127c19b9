using System.Runtime.CompilerServices;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Logs;

/// <summary>
/// Reads the logs of a service's containers, running or stopped, merged in time order. Docker keeps them; the
/// panel reads them through (a tail is Docker's own, so a 1 GB log is never loaded) and holds at most the lines
/// it returns.
/// </summary>
public sealed class ServiceLogs(IEngineContainers containers, IContainerLogs logs, ITaskLogs tasks, IPanelDbContext db, TimeProvider clock)
{
    /// <summary>The name of the service, or null when no service has this id.</summary>
    public Task<string?> FindServiceNameAsync(Guid serviceId, CancellationToken cancellationToken) =>
        ServiceContainers.FindServiceNameAsync(db, serviceId, cancellationToken);

    /// <summary>The newest <see cref="LogQuery.Take"/> lines that fit the query, oldest first.</summary>
    /// <exception cref="LogSearchException">The search cannot run.</exception>
    public async Task<IReadOnlyList<LogLine>> ReadAsync(Guid serviceId, LogQuery query, CancellationToken cancellationToken)
    {
        var take = query.Take;
        var newest = new Queue<LogLine>(Math.Min(take, 4096));
        await foreach (var line in ReadLinesAsync(serviceId, query, take, cancellationToken))
        {
            newest.Enqueue(line);
            if (newest.Count > take)
            {
                newest.Dequeue();
            }
        }

        return [.. newest];
    }

    /// <summary>
    /// Every line that fits the query (<see cref="LogQuery.Tail"/> lines of each container at most, unless it is 0),
    /// oldest first, read from Docker while the caller goes through them: for downloads of any size.
    /// </summary>
    /// <exception cref="LogSearchException">The search cannot run.</exception>
    public IAsyncEnumerable<LogLine> StreamAsync(Guid serviceId, LogQuery query, CancellationToken cancellationToken) =>
        ReadLinesAsync(serviceId, query, query.Tail, cancellationToken);

    private async IAsyncEnumerable<LogLine> ReadLinesAsync(Guid serviceId, LogQuery query, int tail,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var search = LogSearch.For(query);
        var name = await FindServiceNameAsync(serviceId, cancellationToken) ?? "service";
        var sources = await ServiceContainers.ListAsync(containers, tasks, serviceId, name, runningOnly: false, cancellationToken);
        // Docker's tail counts lines before the search: with a search, every line is read and the matches counted here.
        var dockerTail = search is null && tail > 0 ? tail.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all";
        var parameters = ContainerLogStream.Parameters(follow: false, dockerTail, query.Since, query.Until);
        var reads = sources.Select(s => ReadContainerAsync(s, parameters, search, cancellationToken)).ToList();
        await foreach (var line in reads.Count == 1 ? reads[0] : LogMerge.MergeAsync(reads, cancellationToken))
        {
            yield return line;
        }
    }

    private async IAsyncEnumerable<LogLine> ReadContainerAsync(LogSource source, ContainerLogRequest parameters,
        LogSearch? search, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (source.Unreadable is { } why)
        {
            // Read through the manager, the log of a task on a server that is down would wait for that server.
            yield return Note(source, why);
            yield break;
        }

        IAsyncEnumerator<LogLine> lines = ContainerLogStream.ReadAllAsync(logs, tasks, source, parameters, search, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                string? error = null;
                try
                {
                    if (!await lines.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (ContainerNotFoundException)
                {
                    yield break; // Removed since it was listed: it has no log any more.
                }
                catch (Exception e) when (source.TaskId is not null && e is EngineException or HttpRequestException or IOException)
                {
                    error = e.Message; // Its server stopped answering the manager: the other replicas' lines still come.
                }

                if (error is not null)
                {
                    yield return Note(source, $"reading it through the swarm's manager failed: {error}");
                    yield break;
                }

                yield return lines.Current;
            }
        }
        finally
        {
            await lines.DisposeAsync();
        }
    }

    /// <summary>A line in place of a log that cannot be read, saying why (shown whatever the search).</summary>
    private LogLine Note(LogSource source, string why) =>
        new(clock.GetUtcNow(), source.Replica, LogStream.Stderr, $"[panel] The log of {source.Replica} on {source.Node} cannot be read: {why}.")
        {
            Node = source.Node,
        };
}
