using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>Starts throwaway containers and waits until they answer; each is removed when its lease is disposed.</summary>
public sealed class ScratchServers(IScratchContainers scratch, IContainerOperations containers, ContainerCommands commands)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Starts the container; with <paramref name="ready"/>, waits until that command succeeds in it.</summary>
    public async Task<ScratchLease> StartAsync(ScratchContainer spec, IReadOnlyList<string>? ready, CancellationToken cancellationToken)
    {
        var id = await scratch.StartAsync(spec, cancellationToken);
        var lease = new ScratchLease(scratch, id);
        try
        {
            if (ready is not null && !await commands.WaitAsync(id, ready, ReadyTimeout, cancellationToken))
            {
                var logs = await containers.TailLogsAsync(id, 10, CancellationToken.None);
                throw new BackupException($"A throwaway {spec.Image} container did not get ready within {ReadyTimeout.TotalMinutes:0} minutes. " +
                    $"Its last lines: {string.Join(" | ", logs)}");
            }

            return lease;
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A running scratch container; disposing removes it, whatever the caller's cancellation.</summary>
public sealed class ScratchLease(IScratchContainers scratch, string id) : IAsyncDisposable
{
    public string Id => id;

    public async ValueTask DisposeAsync() => await scratch.RemoveAsync(id, CancellationToken.None);
}
