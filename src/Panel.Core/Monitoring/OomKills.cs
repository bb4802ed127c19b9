using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>A container of a panel service was killed by the kernel's out-of-memory killer (Docker's <c>oom</c> event).</summary>
/// <param name="ServiceId">The panel service the container belongs to.</param>
/// <param name="ContainerId">The container.</param>
/// <param name="Deployment">The deployment the container belongs to, when its labels say.</param>
/// <param name="OneOff">The container ran a one-off command (a release command, a job), not a replica of the service.</param>
/// <param name="At">When Docker said so.</param>
public sealed record ContainerOomKilled(Guid ServiceId, string ContainerId, Guid? Deployment, bool OneOff, DateTimeOffset At);

/// <summary>
/// The notifier of out-of-memory kills, fed by the engine event watcher (decision 044): alerts subscribe. Docker may say
/// <c>oom</c> more than once for one container (each process the kernel kills in it): a container is told once within
/// <see cref="Memory"/>, so the grouping of alerts counts kills of containers, not of processes.
/// </summary>
public sealed class OomKills(TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    private readonly Notifier<ContainerOomKilled> subscribers = new();
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> told = new(StringComparer.Ordinal);

    public IDisposable Subscribe(Action<ContainerOomKilled> handler) => subscribers.Subscribe(handler);

    /// <summary>Docker's <c>oom</c> event of a container, with the container's labels as the event's attributes.</summary>
    public void Noticed(Guid serviceId, string containerId, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var old in told.Where(t => t.Value < now - Memory).Select(t => t.Key).ToList())
            {
                told.Remove(old);
            }

            if (!told.TryAdd(containerId, now))
            {
                return;
            }
        }

        var deployment = attributes.TryGetValue(Docker.EngineLabels.Deployment, out var value) && Guid.TryParse(value, out var id) ? id : (Guid?)null;
        var oneOff = attributes.TryGetValue("com.docker.swarm.service.name", out var name)
            && (name.EndsWith("-release", StringComparison.Ordinal) || name.EndsWith("-post-deploy", StringComparison.Ordinal)
                || attributes.Keys.Any(k => k.StartsWith("dropit.job", StringComparison.Ordinal)));
        subscribers.Publish(new ContainerOomKilled(serviceId, containerId, deployment, oneOff, at));
    }
}
