using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.Core.Projects;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Runs a release (or post-deploy) command once, as a one-off Swarm service from the new version's spec (decision 042):
/// its image, environment, secrets and project network, one replica that is never restarted, the command run as
/// <c>/bin/sh -c &lt;command&gt;</c>. Its output goes into the deployment log; the one-off service is removed whatever happens.
/// </summary>
public sealed partial class ReleaseCommand(ISwarmOperations swarm, DockerEngine engine, ILogger<ReleaseCommand> logger)
{
    /// <summary>How many of the command's last lines a failure quotes.</summary>
    public const int QuotedLines = 10;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>The one-off service's spec: the version's own, without its alias, ports, health check or data-keeping volumes.</summary>
    public static EngineServiceSpec Spec(EngineServiceSpec version, string command, string suffix) => version with
    {
        Name = OneOffName(version.Name, suffix),
        Replicas = 1,
        RestartPolicy = RestartPolicy.None,
        Entrypoint = ["/bin/sh", "-c"],
        Args = [command],
        NetworkAlias = null,
        Ports = [],
        HealthCheck = null,
        // A volume that keeps data is still the live version's until the switch (decision 9): never written twice.
        Volumes = [.. version.Volumes.Where(v => v.Shared)],
    };

    /// <summary>"<c>&lt;engine service name&gt;-release</c>", kept within Docker's 63 characters (the deployment's own end kept).</summary>
    public static string OneOffName(string name, string suffix)
    {
        var full = $"{name}-{suffix}";
        return full.Length <= 63 ? full : $"{name[..(63 - suffix.Length - 10)]}-{name[^8..]}-{suffix}";
    }

    /// <summary>
    /// Runs the command and waits for it to end. Throws <see cref="ReleaseFailedException"/> on a non-zero exit, a task
    /// Docker could not start or a timeout; <see cref="OperationCanceledException"/> on a cancel (the task is killed).
    /// </summary>
    public async Task RunAsync(EngineServiceSpec spec, string what, TimeSpan timeout, DeploymentLog log, CancellationToken cancellationToken)
    {
        var lastLines = new Queue<string>();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        log.Line($"Running the {what} in {spec.Name} (/bin/sh -c, at most {timeout.TotalSeconds:0} s).");
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
                    reading = ReadAsync(containerId, log, lastLines, timer.Token);
                }

                ended = task is { State: "complete" or "failed" or "rejected" or "shutdown" or "orphaned" } ? task : null;
            }

            if (reading is not null)
            {
                // The follow read ends with the container; a little time for the last lines to arrive.
                await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            }

            // A task that never ran (rejected: no /bin/sh, a bad mount) may carry exit code 0: only "complete" is success.
            var code = ended.State == "complete" ? 0 : ended.ExitCode is 0 ? null : ended.ExitCode;
            if (code == 0)
            {
                log.Line($"The {what} succeeded.");
                return;
            }

            var tail = Tail(lastLines);
            throw new ReleaseFailedException(code is { } exit
                ? $"The {what} exited with code {exit}.{tail}"
                : $"The {what} could not run: {ended.Error ?? ended.Message ?? ended.State}.{tail} Check that the image has /bin/sh.", code);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReleaseFailedException(
                $"The {what} did not finish within {timeout.TotalSeconds:0} s and was stopped.{Tail(lastLines)} " +
                "Raise its timeout in the service's settings if it needs longer.", null);
        }
        finally
        {
            // Removing the service kills its container: what a cancel or a timeout needs, and the cleanup otherwise.
            await RemoveAsync(spec.Name);
        }
    }

    private static string Tail(Queue<string> lastLines)
    {
        lock (lastLines)
        {
            return lastLines.Count == 0 ? " It printed nothing." : $" Its last lines:\n{string.Join('\n', lastLines)}";
        }
    }

    private async Task ReadAsync(string containerId, DeploymentLog log, Queue<string> lastLines, CancellationToken cancellationToken)
    {
        try
        {
            var source = new LogSource(containerId, "release", true, DateTimeOffset.UtcNow);
            await foreach (var line in ContainerLogStream.ReadAllAsync(engine.Client, source,
                               ContainerLogStream.Parameters(follow: true, "all", null, null), null, cancellationToken))
            {
                var text = log.Masker.Mask(line.Text);
                log.Line(text);
                lock (lastLines)
                {
                    lastLines.Enqueue(text);
                    while (lastLines.Count > QuotedLines)
                    {
                        lastLines.Dequeue();
                    }
                }
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

/// <summary>A release or post-deploy command that exited non-zero, could not start or timed out; the message says which.</summary>
public sealed class ReleaseFailedException(string message, long? exitCode) : Exception(message)
{
    public long? ExitCode { get; } = exitCode;
}
