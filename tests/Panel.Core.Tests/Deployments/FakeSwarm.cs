using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Deployments;

/// <summary>
/// A Swarm that exists only in memory: each <see cref="ListReplicasAsync"/> returns the next scripted list (the last one
/// again once they run out), and the services created and removed are recorded.
/// </summary>
internal sealed class FakeSwarm : ISwarmOperations
{
    private readonly Queue<IReadOnlyList<Replica>> replicas = new();
    private IReadOnlyList<Replica> lastReplicas = [];

    public List<string> Created { get; } = [];

    public List<string> Removed { get; } = [];

    public int Listings { get; private set; }

    /// <summary>Called on each listing, with its number (from 1): a test cancels or changes things here.</summary>
    public Action<int>? OnListing { get; set; }

    /// <summary>Docker's health status of every container (null: no HEALTHCHECK).</summary>
    public string? ContainerHealth { get; set; }

    public string? Address { get; set; } = "127.0.0.1";

    public FakeSwarm Then(params Replica[] list)
    {
        replicas.Enqueue(list);
        return this;
    }

    public static Replica Running(int slot = 1, string state = "running") =>
        new($"task-{slot}", slot, state, "running", $"container-{slot}", "127.0.0.1", null, null, null);

    public static Replica Exited(string taskId, long exitCode) =>
        new(taskId, 1, "failed", "shutdown", $"container-{taskId}", null, "task: non-zero exit", null, exitCode);

    public Task<IReadOnlyList<Replica>> ListReplicasAsync(string serviceName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Listings++;
        OnListing?.Invoke(Listings);
        if (replicas.TryDequeue(out var next))
        {
            lastReplicas = next;
        }

        return Task.FromResult(lastReplicas);
    }

    public Task<string?> ProbeAddressAsync(Replica replica, CancellationToken cancellationToken) => Task.FromResult(Address);

    public Task<string?> ContainerHealthAsync(string containerId, CancellationToken cancellationToken) => Task.FromResult(ContainerHealth);

    public Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task CreateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken)
    {
        Created.Add(spec.Name);
        return Task.CompletedTask;
    }

    public Task RemoveServiceAsync(string serviceName, CancellationToken cancellationToken)
    {
        Removed.Add(serviceName);
        return Task.CompletedTask;
    }

    public Task WaitContainersGoneAsync(string serviceName, TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UpdateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> RollbackAsync(string serviceName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ServiceRollout?> InspectRolloutAsync(string serviceName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<LiveTaskSpec?> InspectTaskSpecAsync(string serviceName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ScaleAsync(string serviceName, int replicas, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RestartAsync(string serviceName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<EngineService>> ListPanelServicesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ServiceHardening> HardeningAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
