using System.Collections.Concurrent;
using DropIt.Panel.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropIt.Panel.Core.Backups;

public enum WorkState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>A restore or keyed verification: its state and, once ended, its result or the reason it failed.</summary>
public sealed record WorkStatus(Guid Id, string What, WorkState State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    string? Message, RestoreResult? Result);

/// <summary>
/// Restores and keyed verifications run here, in the panel's process, rather than in the job store: they may carry
/// the admin's encryption key, which must never be written anywhere. They stop when the panel stops; their status is
/// kept in memory for a day (a restart forgets it; the audit trail and the databases themselves remain).
/// </summary>
public sealed class BackupWork(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<Guid, WorkStatus> statuses = new();
    private readonly ConcurrentDictionary<Guid, Task> running = new();

    /// <summary>Starts the work in a scope of its own and returns its id; the outcome's error becomes the status's message.</summary>
    public Guid Start(string what, Func<IServiceProvider, CancellationToken, Task<Outcome<RestoreResult>>> work)
    {
        var id = Guid.CreateVersion7();
        foreach (var old in statuses.Values.Where(s => s.FinishedAt < clock.GetUtcNow() - Kept))
        {
            statuses.TryRemove(old.Id, out _);
        }

        var status = new WorkStatus(id, what, WorkState.Running, clock.GetUtcNow(), null, null, null);
        statuses[id] = status;
        running[id] = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await work(scope.ServiceProvider, lifetime.ApplicationStopping);
                statuses[id] = status with
                {
                    State = outcome.Succeeded ? WorkState.Succeeded : WorkState.Failed, FinishedAt = clock.GetUtcNow(),
                    Message = outcome.Succeeded ? outcome.Value!.Detail : outcome.Error, Result = outcome.Value,
                };
            }
            catch (Exception e)
            {
                statuses[id] = status with { State = WorkState.Failed, FinishedAt = clock.GetUtcNow(), Message = BackupFailures.Describe(e) };
            }
            finally
            {
                running.TryRemove(id, out _);
            }
        });
        return id;
    }

    public WorkStatus? Find(Guid id) => statuses.GetValueOrDefault(id);

    /// <summary>Waits for the work in progress (tests, shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(running.Values);
}
