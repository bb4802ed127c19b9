using System.Diagnostics;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Deployments;

/// <summary>A version that did not become healthy; the message says why, in the user's terms.</summary>
public sealed class HealthCheckFailedException(string message) : Exception(message);

/// <summary>
/// Waits until every replica of a new version runs and passes its health check, or fails with the reason
/// (the container exited, the health check kept failing, nothing answered in time).
/// </summary>
public sealed class HealthGate(ISwarmOperations swarm, IHttpClientFactory http, IOptions<DeploymentOptions> options, TimeProvider clock)
{
    /// <summary>The named HTTP client of the probes (<see cref="ProbeHandler"/>).</summary>
    public const string ClientName = "health-gate";

    /// <summary>
    /// How often the gate looks while it waits, whatever the service's interval: a version goes on within this of
    /// passing (decision 055). A failed probe still counts once per interval, so retries mean what they did.
    /// </summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How the probes connect: straight to the replica (never through a proxy), a redirect is an answer of its own,
    /// a fresh connection for each probe so that a replaced replica is never probed through an old one.
    /// </summary>
    public static SocketsHttpHandler ProbeHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.Zero,
    };

    /// <summary>
    /// Waits for every replica to be healthy. Each probe goes to <paramref name="log"/> with its result (the status
    /// code, or the error), and so does each change of a replica that is not running yet, so a wait never reads
    /// as silence. The failure's message says why, without saying what it means for the previous version: the
    /// caller knows whether there is one.
    /// </summary>
    public async Task WaitHealthyAsync(string engineServiceName, ApplicationSettings settings, DeploymentLog log,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(options.Value.StartTimeoutSeconds);
        var interval = TimeSpan.FromSeconds(Math.Clamp(settings.HealthCheckIntervalSeconds, 1, 60));
        var failures = new Dictionary<string, int>();
        var countedAt = new Dictionary<string, TimeSpan>();
        var logged = new Dictionary<string, string>();
        var crashes = new HashSet<string>();
        string? lastReason = null;
        string? lastWaiting = null;
        log.Line(Plan(settings));
        while (true)
        {
            var replicas = await swarm.ListReplicasAsync(engineServiceName, cancellationToken);
            foreach (var crashed in replicas.Where(r => r.State is "failed" or "rejected" or "complete" && crashes.Add(r.TaskId)))
            {
                lastReason = Crash(crashed);
                log.Line($"Replica {crashed.Slot}: {lastReason}");
            }

            if (crashes.Count >= settings.HealthCheckRetries)
            {
                throw new HealthCheckFailedException($"The new version keeps stopping: {lastReason}.");
            }

            var waiting = string.Join(", ", replicas.Where(r => r.DesiredState == "running" && r.State is not ("running" or "starting"))
                .Select(r => $"replica {r.Slot} is {r.State}"));
            if (waiting.Length > 0 && waiting != lastWaiting)
            {
                log.Line($"Waiting: {waiting}.");
            }

            lastWaiting = waiting;
            var healthy = 0;
            var elapsed = clock.GetElapsedTime(started);
            // Swarm keeps a task "starting" until the image's own HEALTHCHECK passes: probe it all the same.
            foreach (var replica in replicas.Where(r => r.State is "running" or "starting" && r.DesiredState == "running"))
            {
                bool ok;
                string reason;
                try
                {
                    (ok, reason) = await CheckAsync(replica, settings, cancellationToken);
                }
                catch (ReplicaUnreachableException e)
                {
                    // No probe can ever pass from here: said at once rather than after the whole start timeout.
                    log.Line($"Replica {replica.Slot} cannot be probed from where the panel runs: {e.Message}.");
                    throw new HealthCheckFailedException($"The health check cannot reach {e.Message}.");
                }

                var counts = !ok && elapsed >= TimeSpan.FromSeconds(settings.HealthCheckStartPeriodSeconds)
                    && (!countedAt.TryGetValue(replica.TaskId, out var last) || elapsed - last >= interval);
                if (settings.HealthCheckMode != HealthCheckMode.None
                    && (counts || logged.GetValueOrDefault(replica.TaskId) != reason))
                {
                    // Each change is logged, and each failure that counts; the polls in between are not.
                    log.Line($"Probe after {elapsed.TotalSeconds:0} s, replica {replica.Slot}: {reason}");
                    logged[replica.TaskId] = reason;
                }

                if (ok && replica.State != "running")
                {
                    // Answering, but Docker has not passed the image's own HEALTHCHECK yet: until it does, the
                    // replica is not in the service's DNS, so traffic could not reach it.
                    lastReason = $"replica {replica.Slot}: waiting for the image's HEALTHCHECK";
                    continue;
                }

                if (ok)
                {
                    healthy++;
                    failures.Remove(replica.TaskId);
                    countedAt.Remove(replica.TaskId);
                    continue;
                }

                lastReason = $"replica {replica.Slot}: {reason}";
                if (!counts)
                {
                    continue;
                }

                countedAt[replica.TaskId] = elapsed;
                var count = failures[replica.TaskId] = failures.GetValueOrDefault(replica.TaskId) + 1;
                if (count >= settings.HealthCheckRetries)
                {
                    throw new HealthCheckFailedException($"The health check failed {count} times in a row ({lastReason}).");
                }
            }

            if (healthy >= settings.Replicas)
            {
                log.Line($"{healthy} of {settings.Replicas} replicas healthy.");
                return;
            }

            if (clock.GetElapsedTime(started) > timeout)
            {
                throw new HealthCheckFailedException(
                    $"The new version was not healthy after {timeout.TotalSeconds:0} s ({healthy} of {settings.Replicas} replicas; last: {lastReason ?? "no replica started"}).");
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    private string Plan(ApplicationSettings settings) => settings.HealthCheckMode switch
    {
        HealthCheckMode.None => $"Health check: none; waiting up to {options.Value.StartTimeoutSeconds} s for {settings.Replicas} replica(s) to run.",
        HealthCheckMode.Image => $"Health check: the image's HEALTHCHECK, every {settings.HealthCheckIntervalSeconds} s, " +
            $"{settings.HealthCheckRetries} failures in a row fail it, at most {options.Value.StartTimeoutSeconds} s.",
        _ => $"Health check: GET {settings.HealthCheckPath} on port {settings.Port} every {settings.HealthCheckIntervalSeconds} s, " +
            $"{settings.HealthCheckRetries} failures in a row fail it (none counted in the first {settings.HealthCheckStartPeriodSeconds} s), " +
            $"at most {options.Value.StartTimeoutSeconds} s.",
    };

    private static string Crash(Replica replica) =>
        replica.Error?.Contains("unhealthy container", StringComparison.Ordinal) == true
            ? $"the image's HEALTHCHECK kept failing{(replica.OnOtherNode ? $" on {replica.NodeName}" : "")}, so Swarm stopped the container ({replica.Error})"
            : replica.ExitCode is { } code and not 0
            ? $"the container exited with code {code}{(replica.Error is null ? "" : $" ({replica.Error})")}"
            : replica.Error ?? replica.Message ?? $"the task ended ({replica.State})";

    private async Task<(bool Ok, string Reason)> CheckAsync(Replica replica, ApplicationSettings settings,
        CancellationToken cancellationToken)
    {
        switch (settings.HealthCheckMode)
        {
            case HealthCheckMode.None:
                return (true, "running");
            case HealthCheckMode.Image when replica.OnOtherNode:
                // Its container is on another server, not inspectable here; Swarm keeps a task with a HEALTHCHECK
                // "starting" until it passes, then "running", and replaces it when it turns unhealthy (a crash above).
                return replica.State == "running"
                    ? (true, $"Swarm reports it running on {replica.NodeName}: its HEALTHCHECK passed, or the image has none")
                    : (true, $"Swarm reports it starting on {replica.NodeName}: waiting for the image's HEALTHCHECK");
            case HealthCheckMode.Image:
                var status = replica.ContainerId is null ? "starting" : await swarm.ContainerHealthAsync(replica.ContainerId, cancellationToken);
                return status switch
                {
                    null or "healthy" => (true, status ?? "no HEALTHCHECK in the image: running counts as healthy"),
                    _ => (false, $"Docker reports the container {status}"),
                };
            default:
                var address = await swarm.ProbeAddressAsync(replica, cancellationToken);
                return address is null ? (false, "no network address yet") : await GetAsync(address, settings, cancellationToken);
        }
    }

    private async Task<(bool Ok, string Reason)> GetAsync(string address, ApplicationSettings settings,
        CancellationToken cancellationToken)
    {
        var path = settings.HealthCheckPath.StartsWith('/') ? settings.HealthCheckPath : "/" + settings.HealthCheckPath;
        var url = $"http://{address}:{settings.Port}{path}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(settings.HealthCheckTimeoutSeconds, 1, 120)));
        var watch = Stopwatch.StartNew();
        try
        {
            using var client = http.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400
                ? (true, $"GET {path} answered {code}")
                : (false, $"GET {path} on port {settings.Port} answered {code}");
        }
        catch (HttpRequestException e)
        {
            return (false, $"GET {path} on port {settings.Port}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"GET {path} on port {settings.Port} did not answer within {watch.Elapsed.TotalSeconds:0} s");
        }
    }
}
