using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.Core.Projects;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Deployments;

/// <summary>How a one-off task ended.</summary>
public enum OneOffEnd
{
    /// <summary>The command exited with code 0.</summary>
    Succeeded,

    /// <summary>The command exited with a non-zero code (<see cref="OneOffResult.ExitCode"/>).</summary>
    Exited,

    /// <summary>Docker could not start it (no /bin/sh, a bad mount): <see cref="OneOffResult.Reason"/> says why.</summary>
    NotStarted,

    /// <summary>It ran past its timeout and was killed.</summary>
    TimedOut,
}

/// <summary>The end of a one-off task: how, its exit code when it exited, Docker's reason when it could not start.</summary>
public sealed record OneOffResult(OneOffEnd End, long? ExitCode, string? Reason);

/// <summary>
/// Runs a command once as a one-off Swarm service built from a version's spec (decisions 042 and 043): its image,
/// environment, secrets and project network, one replica that is never restarted, the command run directly or, when it
/// needs a shell, as <c>/bin/sh -c &lt;command&gt;</c> (<see cref="CommandLine"/>). Release commands and scheduled jobs both run this way. Each output line goes to the
/// caller; the one-off service is removed whatever happens, which kills its container on a timeout or a cancel.
/// </summary>
public sealed partial class OneOffTask(ISwarmOperations swarm, IContainerLogs logs, ILogger<OneOffTask> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>The one-off service's spec: the version's own, without its alias, ports, health check or data-keeping volumes.</summary>
    public static EngineServiceSpec Spec(EngineServiceSpec version, string command, string suffix) => version with
    {
        Name = OneOffName(version.Name, suffix),
        Replicas = 1,
        RestartPolicy = RestartPolicy.None,
        Entrypoint = CommandLine.Split(command) is { } words ? [words[0]] : ["/bin/sh", "-c"],
        Args = CommandLine.Split(command) is { } plain ? [.. plain.Skip(1)] : [command],
        NetworkAlias = null,
        Ports = [],
        HealthCheck = null,
        ImageHealthCheckStartPeriod = null,
        // A volume that keeps data belongs to the live version (decision 9): never written by two containers at once.
        Volumes = [.. version.Volumes.Where(v => v.Shared)],
    };

    /// <summary>"<c>&lt;engine service name&gt;-&lt;suffix&gt;</c>", kept within Docker's 63 characters (the name's own end kept).</summary>
    public static string OneOffName(string name, string suffix)
    {
        var full = $"{name}-{suffix}";
        return full.Length <= 63 ? full : $"{name[..(63 - suffix.Length - 10)]}-{name[^8..]}-{suffix}";
    }

    /// <summary>
    /// Runs the task and waits for it to end (or for <paramref name="timeout"/>, when it is killed). Throws
    /// <see cref="OperationCanceledException"/> on a cancel, once the task is removed.
    /// </summary>
    public async Task<OneOffResult> RunAsync(EngineServiceSpec spec, TimeSpan timeout, Action<string> onLine,
        CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var following = CancellationTokenSource.CreateLinkedTokenSource(timer.Token);
        var delivered = 0;
        void Deliver(string line)
        {
            delivered++;
            onLine(line);
        }

        Task? reading = null;
        try
        {
            await swarm.RemoveServiceAsync(spec.Name, CancellationToken.None); // A leftover of an interrupted run.
            await swarm.CreateServiceAsync(spec, cancellationToken);
            Replica? ended = null;
            while (ended is null)
            {
                await Task.Delay(Poll, timer.Token);
                var task = (await swarm.ListReplicasAsync(spec.Name, timer.Token)).FirstOrDefault();
                if (task?.ContainerId is { } containerId && reading is null)
                {
                    reading = ReadAsync(containerId, follow: true, Deliver, following.Token);
                }

                ended = task is { State: "complete" or "failed" or "rejected" or "shutdown" or "orphaned" } ? task : null;
            }

            if (reading is not null)
            {
                // The follow read ends with the container; a little time for the last lines to arrive, then it stops.
                await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
                await following.CancelAsync();
                await reading;
            }

            if (ended.ContainerId is { } endedContainer)
            {
                // The engine keeps the ended container's whole output: what the follow read did not deliver (a task that
                // ended between two polls, a slow stream on a loaded host) comes from one last read, in the same order.
                var seen = delivered;
                var index = 0;
                await ReadAsync(endedContainer, follow: false, line =>
                {
                    if (index++ >= seen)
                    {
                        Deliver(line);
                    }
                }, timer.Token);
            }

            // A task that never ran (rejected: no /bin/sh, a bad mount) may carry exit code 0: only "complete" is success.
            var code = ended.State == "complete" ? 0 : ended.ExitCode is 0 ? null : ended.ExitCode;
            return code switch
            {
                0 => new OneOffResult(OneOffEnd.Succeeded, 0, null),
                { } exit => new OneOffResult(OneOffEnd.Exited, exit, null),
                null => new OneOffResult(OneOffEnd.NotStarted, null, ended.Error ?? ended.Message ?? ended.State),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new OneOffResult(OneOffEnd.TimedOut, null, null);
        }
        finally
        {
            // Removing the service kills its container: what a cancel or a timeout needs, and the cleanup otherwise.
            await RemoveAsync(spec.Name);
        }
    }

    private async Task ReadAsync(string containerId, bool follow, Action<string> onLine, CancellationToken cancellationToken)
    {
        try
        {
            var source = new LogSource(containerId, "one-off", true, DateTimeOffset.UtcNow);
            await foreach (var line in ContainerLogStream.ReadAllAsync(logs, source,
                               ContainerLogStream.Parameters(follow, "all", null, null), null, cancellationToken))
            {
                onLine(line.Text);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The output is a help, not the outcome: the exit code decides.
            LogReadFailed(e, containerId);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RemoveAsync(string name)
    {
        try
        {
            await swarm.RemoveServiceAsync(name, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogRemoveFailed(e, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The output of the one-off container {ContainerId} could not be read")]
    private partial void LogReadFailed(Exception exception, string containerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The one-off Docker service {EngineServiceName} could not be removed")]
    private partial void LogRemoveFailed(Exception exception, string engineServiceName);
}
