using System.Collections.Concurrent;

namespace DropIt.Panel.Core.Backups;

/// <summary>One backup or restore at a time per database, volume or the panel; the next one waits its turn.</summary>
public sealed class BackupLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new();

    public async Task<IDisposable> EnterAsync(BackupPolicy policy, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(SubjectOf(policy), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private static string SubjectOf(BackupPolicy policy) => policy.Target switch
    {
        BackupTarget.Database => $"database:{policy.ServiceId}",
        BackupTarget.Volume => $"volume:{policy.VolumeName}",
        _ => "panel",
    };

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? held = gate;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
