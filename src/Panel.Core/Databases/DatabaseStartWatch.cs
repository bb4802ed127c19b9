using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Databases;

/// <summary>The database could not start; the message carries the server's own last words.</summary>
public sealed class DatabaseStartException(string message) : Exception(message);

/// <summary>The task that answered its health check.</summary>
public sealed record StartedTask(string TaskId, string? ContainerId, string? NodeId);

/// <summary>Watches a database's Swarm service until its new task is healthy, or says why it is not, in the server's words.</summary>
public sealed class DatabaseStartWatch(ISwarmOperations swarm, IContainerOperations containers, TimeProvider clock)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly string[] FailedStates = ["failed", "rejected", "orphaned"];

    /// <summary>Waits for a healthy task that is not one of <paramref name="tasksBefore"/>.</summary>
    public async Task<StartedTask> WaitAsync(string engineName, IReadOnlyCollection<string> tasksBefore, TimeSpan timeout,
        DeploymentLog log, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        string? lastState = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var replicas = (await swarm.ListReplicasAsync(engineName, cancellationToken)).Where(r => !tasksBefore.Contains(r.TaskId)).ToList();
            var failed = replicas.FirstOrDefault(r => FailedStates.Contains(r.State));
            if (failed is not null)
            {
                throw new DatabaseStartException(await DescribeAsync("The database did not start", failed, cancellationToken));
            }

            var current = replicas.FirstOrDefault(r => r.DesiredState == "running");
            if (current is not null && current.State != lastState)
            {
                log.Line($"Task {current.TaskId[..12]}: {current.State}{(current.Message is { } m ? $" ({m})" : "")}.");
                lastState = current.State;
            }

            if (current is { State: "running", ContainerId: { } containerId })
            {
                var health = await swarm.ContainerHealthAsync(containerId, cancellationToken);
                if (health is "healthy")
                {
                    log.Line("The server answers its health check.");
                    await WaitResolvableAsync(engineName, containerId, log, cancellationToken);
                    return new StartedTask(current.TaskId, containerId, current.NodeId);
                }

                if (health is "unhealthy")
                {
                    throw new DatabaseStartException(await DescribeAsync("The database failed its health check", current, cancellationToken));
                }
            }

            if (clock.GetUtcNow() > deadline)
            {
                var message = $"The database was not ready within {timeout.TotalSeconds:0} s";
                throw new DatabaseStartException(current is null ? message + "." : await DescribeAsync(message, current, cancellationToken));
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    /// <summary>
    /// Applications reach the database by its service name: ready means that name resolves on the network too (Docker
    /// adds it a moment after the task runs). Bounded; an image without a resolver program is not waited for.
    /// </summary>
    private async Task WaitResolvableAsync(string engineName, string containerId, DeploymentLog log, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(15);
        IReadOnlyList<string> command = ["sh", "-c", $"getent hosts {engineName} >/dev/null || nslookup {engineName} >/dev/null 2>&1"];
        while (clock.GetUtcNow() < deadline)
        {
            var result = await containers.ExecAsync(containerId, command, null, null, cancellationToken);
            if (result.Succeeded || result.ExitCode is 126 or 127)
            {
                return;
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }

        log.Line($"The name {engineName} did not resolve within 15 s; applications may wait a moment longer to reach it.");
    }

    /// <summary>After a failed change: makes sure the settings that ran before run again (Docker's own rollback, or one asked for).</summary>
    public async Task<bool> RestorePreviousAsync(string engineName, DeploymentLog log, CancellationToken cancellationToken)
    {
        var rollout = await swarm.InspectRolloutAsync(engineName, cancellationToken);
        if (rollout is null)
        {
            return false;
        }

        if (rollout.State is not ("rollback_started" or "rollback_completed"))
        {
            if (!await swarm.RollbackAsync(engineName, cancellationToken))
            {
                return false;
            }
        }

        log.Line("Rolling back to the previous settings (stop-first).");
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(5);
        while (clock.GetUtcNow() < deadline)
        {
            var replicas = await swarm.ListReplicasAsync(engineName, cancellationToken);
            var running = replicas.FirstOrDefault(r => r is { DesiredState: "running", State: "running", ContainerId: not null });
            rollout = await swarm.InspectRolloutAsync(engineName, cancellationToken);
            if (running is not null && rollout?.State is not "rollback_started" && await swarm.ContainerHealthAsync(running.ContainerId!, cancellationToken) == "healthy")
            {
                log.Line("The previous settings run again.");
                return true;
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }

        log.Line("The previous settings did not come back within 5 minutes; see the service's logs.");
        return false;
    }

    private async Task<string> DescribeAsync(string what, Replica task, CancellationToken cancellationToken)
    {
        var reason = task.Error ?? task.Message;
        var exit = task.ExitCode is { } code and not 0 ? $" (exit code {code})" : "";
        var lines = task.ContainerId is { } id ? await containers.TailLogsAsync(id, 20, cancellationToken) : [];
        var words = lines.Count == 0 ? "" : "\nThe server's last lines:\n" + string.Join('\n', lines);
        return $"{what}: {reason}{exit}.{words}";
    }
}
