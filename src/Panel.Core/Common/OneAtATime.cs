namespace DropIt.Panel.Core.Common;

/// <summary>
/// A gate that lets one caller of <typeparamref name="TOwner"/> through at a time in this panel: a singleton
/// (registered open for every owner), so scoped services share it within a host and two hosts in one process never do.
/// </summary>
/// <typeparam name="TOwner">The service whose work is serialized; one gate per owner type.</typeparam>
public sealed class OneAtATime<TOwner> : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(1, 1);

    /// <summary>Waits for the gate; disposing the result lets the next caller through.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await semaphore.WaitAsync(cancellationToken);
        return new Exit(semaphore);
    }

    public void Dispose() => semaphore.Dispose();

    private sealed class Exit(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? held = semaphore;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
