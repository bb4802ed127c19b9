using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Process-wide order of deployments: one at a time per service, builds limited by
/// <see cref="DeploymentOptions.MaxConcurrentBuilds"/>, and the cancellation of running ones.
/// </summary>
public sealed class DeploymentCoordinator(IOptions<DeploymentOptions> options)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> serviceLocks = new();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();
    private readonly SemaphoreSlim buildSlots = new(options.Value.MaxConcurrentBuilds, options.Value.MaxConcurrentBuilds);

    public async Task<IDisposable> LockServiceAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var semaphore = serviceLocks.GetOrAdd(serviceId, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    public bool IsServiceFree(Guid serviceId) =>
        !serviceLocks.TryGetValue(serviceId, out var semaphore) || semaphore.CurrentCount > 0;

    /// <summary>True when the build can start at once; otherwise the caller waits in <see cref="BuildSlotAsync"/>.</summary>
    public bool BuildSlotFree => buildSlots.CurrentCount > 0;

    public async Task<IDisposable> BuildSlotAsync(CancellationToken cancellationToken)
    {
        await buildSlots.WaitAsync(cancellationToken);
        return new Release(buildSlots);
    }

    /// <summary>A token cancelled by <see cref="Cancel"/> or by <paramref name="stopping"/>.</summary>
    public CancellationTokenSource Track(Guid deploymentId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        running[deploymentId] = source;
        return source;
    }

    public void Untrack(Guid deploymentId)
    {
        if (running.TryRemove(deploymentId, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Stops a deployment running in this process; false when none is.</summary>
    public bool Cancel(Guid deploymentId)
    {
        if (!running.TryGetValue(deploymentId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public bool IsRunningHere(Guid deploymentId) => running.ContainsKey(deploymentId);

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
