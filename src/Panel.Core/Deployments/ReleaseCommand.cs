using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Runs a release (or post-deploy) command once, as a one-off Swarm service from the new version's spec (decision 042,
/// through <see cref="OneOffTask"/>): its image, environment, secrets and project network, one replica that is never
/// restarted, the command run directly or with <c>/bin/sh -c</c> (<see cref="CommandLine"/>). Its output goes into the deployment log; the one-off
/// service is removed whatever happens.
/// </summary>
public sealed class ReleaseCommand(OneOffTask task)
{
    /// <summary>How many of the command's last lines a failure quotes.</summary>
    public const int QuotedLines = 10;

    /// <summary>The one-off service's spec: the version's own, without its alias, ports, health check or data-keeping volumes.</summary>
    public static EngineServiceSpec Spec(EngineServiceSpec version, string command, string suffix) => OneOffTask.Spec(version, command, suffix);

    /// <summary>"<c>&lt;engine service name&gt;-release</c>", kept within Docker's 63 characters (the deployment's own end kept).</summary>
    public static string OneOffName(string name, string suffix) => OneOffTask.OneOffName(name, suffix);

    /// <summary>A failed post-deploy command is a warning on the deployment, not a failure: the new version stays live.</summary>
    public static void RecordPostDeployFailure(Deployment deployment, Exception error, DeploymentLog log)
    {
        var warning = $"{log.Masker.Mask(error.Message)} The new version is live and stays live; run the command again by hand if needed.";
        deployment.Warning = warning.Length > 4000 ? warning[..4000] : warning;
        log.Line($"Warning: {deployment.Warning}");
    }

    /// <summary>
    /// Runs the command and waits for it to end. Throws <see cref="ReleaseFailedException"/> on a non-zero exit, a task
    /// Docker could not start or a timeout; <see cref="OperationCanceledException"/> on a cancel (the task is killed).
    /// </summary>
    public async Task RunAsync(EngineServiceSpec spec, string what, TimeSpan timeout, DeploymentLog log, CancellationToken cancellationToken)
    {
        var lastLines = new Queue<string>();
        log.Line($"Running the {what} in {spec.Name} ({CommandLine.HowItRuns(spec.Entrypoint ?? [])}, at most {timeout.TotalSeconds:0} s).");
        var result = await task.RunAsync(spec, timeout, line =>
        {
            var text = log.Masker.Mask(line);
            log.Line(text);
            lock (lastLines)
            {
                lastLines.Enqueue(text);
                while (lastLines.Count > QuotedLines)
                {
                    lastLines.Dequeue();
                }
            }
        }, cancellationToken);
        switch (result.End)
        {
            case OneOffEnd.Succeeded:
                log.Line($"The {what} succeeded.");
                return;
            case OneOffEnd.Exited:
                throw new ReleaseFailedException($"The {what} exited with code {result.ExitCode}.{Tail(lastLines)}", result.ExitCode);
            case OneOffEnd.NotStarted:
                throw new ReleaseFailedException(
                    $"The {what} could not run: {result.Reason}.{Tail(lastLines)} {CommandLine.StartHint(spec.Entrypoint ?? [])}", null);
            default:
                throw new ReleaseFailedException(
                    $"The {what} did not finish within {timeout.TotalSeconds:0} s and was stopped.{Tail(lastLines)} " +
                    "Raise its timeout in the service's settings if it needs longer.", null);
        }
    }

    private static string Tail(Queue<string> lastLines)
    {
        lock (lastLines)
        {
            return lastLines.Count == 0 ? " It printed nothing." : $" Its last lines:\n{string.Join('\n', lastLines)}";
        }
    }
}

/// <summary>A release or post-deploy command that exited non-zero, could not start or timed out; the message says which.</summary>
public sealed class ReleaseFailedException(string message, long? exitCode) : Exception(message)
{
    public long? ExitCode { get; } = exitCode;
}
