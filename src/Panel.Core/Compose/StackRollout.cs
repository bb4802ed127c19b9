using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Compose;

/// <summary>Services of a stack that did not converge: each with Swarm's reason.</summary>
public sealed class StackRolloutException(IReadOnlyList<string> failures)
    : Exception(string.Join(" ", failures.Select(f => f.EndsWith('.') ? f : f + ".")))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}

/// <summary>
/// Waits for the services of a stack to converge after <c>docker stack deploy</c>: every desired replica running on
/// the service's current spec (healthy, when it has a health check) and its update completed. A service whose update
/// Swarm rolled back or paused fails (a paused one is rolled back here); the others are left as they are.
/// </summary>
public sealed class StackRollout(IStackOperations stacks, TimeProvider clock)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(750);

    /// <summary>Waits for <paramref name="services"/> (compose names). Throws <see cref="StackRolloutException"/>.</summary>
    public async Task WaitAsync(string stackName, IReadOnlyCollection<string> services, TimeSpan timeout, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var reported = new Dictionary<string, string>(StringComparer.Ordinal);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var rolledBack = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var states = (await stacks.ListAsync(stackName, cancellationToken)).ToDictionary(s => s.ComposeName, StringComparer.Ordinal);
            var pending = new List<string>();
            foreach (var name in services)
            {
                if (!states.TryGetValue(name, out var state))
                {
                    pending.Add($"service {name}: not created yet");
                    continue;
                }

                Report(log, reported, state);
                switch (state.UpdateState)
                {
                    case "paused" or "rollback_paused":
                        failed.TryAdd(name, Failure(state));
                        if (state.UpdateState == "paused" && rolledBack.Add(name))
                        {
                            log.Line($"{name}: the update is paused; rolling it back to its previous version.");
                            await stacks.RollbackServiceAsync(state.EngineName, cancellationToken);
                        }

                        break;
                    case "rollback_started":
                        // Swarm puts the previous version back (failure_action rollback): wait for it, then report.
                        failed.TryAdd(name, Failure(state));
                        pending.Add($"service {name}: rolling back");
                        break;
                    case "rollback_completed":
                        failed.TryAdd(name, Failure(state));
                        break;
                    default:
                        if (state.UpdateState is "updating" || state.Running < state.Desired)
                        {
                            if (!failed.ContainsKey(name))
                            {
                                pending.Add($"service {name}: {state.Running} of {state.Desired} replica(s) running"
                                    + (state.Message is { } message ? $" (last error: {message})" : ""));
                            }
                        }

                        break;
                }
            }

            if (pending.Count == 0)
            {
                if (failed.Count > 0)
                {
                    throw new StackRolloutException(failed.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value).ToList());
                }

                return;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new StackRolloutException(
                    [.. failed.Values, .. pending.Select(p => $"{p} after {timeout.TotalSeconds:0} s")]);
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    private static string Failure(StackServiceState state) =>
        $"service {state.ComposeName}: {state.Message ?? $"update {state.UpdateState!.Replace('_', ' ')}"}";

    /// <summary>One log line per change of a service's state, so the log shows the rollout without repeating itself.</summary>
    private static void Report(DeploymentLog log, Dictionary<string, string> reported, StackServiceState state)
    {
        var text = $"{state.ComposeName}: {state.Running}/{state.Desired} running"
            + (state.UpdateState is { } update ? $", update {update.Replace('_', ' ')}" : "")
            + (state.Message is { } message ? $" ({message})" : "");
        if (!reported.TryGetValue(state.ComposeName, out var last) || last != text)
        {
            reported[state.ComposeName] = text;
            log.Line(text);
        }
    }
}
