using System.Diagnostics;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>A deployment the panel ended as failed or cancelled; the message carries the last lines of its log.</summary>
internal sealed class DeploymentFailedException(string message) : Exception(message);

/// <summary>
/// Time from the POST to live, and when each step was first seen by the 100 ms polls (a step shorter than a poll
/// can go unseen).
/// </summary>
internal sealed record DeployTiming(TimeSpan Live, IReadOnlyList<(string Step, TimeSpan Seen)> Steps)
{
    /// <summary>How long each step seen before going live lasted, up to the next step seen.</summary>
    public IEnumerable<(string Step, TimeSpan Duration)> StepDurations() =>
        Steps.Zip(Steps.Skip(1), (step, next) => (step.Step, next.Seen - step.Seen));
}

/// <summary>Deploys one service through the REST API and times how long the new version takes to go live.</summary>
internal sealed class PanelDeploys(DeployClient api, Guid serviceId)
{
    private const int PollMilliseconds = 100;
    private const int LogLinesShown = 25;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>Steps the panel reaches only once the new version's upstream is the declared live one.</summary>
    private static readonly string[] LiveSteps = ["switching traffic", "draining the previous version", "done"];

    public Guid ServiceId => serviceId;

    /// <summary>
    /// POSTs a deployment and polls it every 100 ms until it is live (step "switching traffic" or later); then waits
    /// until it has finished (drain and removal of the old version), so the next deployment does not queue behind it.
    /// </summary>
    /// <returns>The time from the POST to the first poll that saw it live, and the steps seen on the way.</returns>
    public async Task<DeployTiming> DeployAsync()
    {
        var clock = Stopwatch.StartNew();
        var id = await api.DeployAsync(serviceId);
        var steps = new List<(string Step, TimeSpan Seen)> { ("(POST, first poll)", TimeSpan.Zero) };
        TimeSpan live;
        while (true)
        {
            var deployment = await api.GetDeploymentAsync(id);
            var status = deployment.GetProperty("status").GetString();
            var step = deployment.GetProperty("step").GetString() ?? "";
            if (steps[^1].Step != step)
            {
                steps.Add((step, clock.Elapsed));
            }

            if (status is "failed" or "cancelled")
            {
                throw await FailedAsync(id, status);
            }

            if (status == "succeeded" || LiveSteps.Contains(step))
            {
                live = clock.Elapsed;
                break;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Deployment {id} was not live after {Timeout.TotalMinutes:0} min " +
                    $"(step \"{step}\"). Its log ends with:\n{await LogTailAsync(id)}");
            }

            await Task.Delay(PollMilliseconds);
        }

        var finished = await api.WaitFinishedAsync(id, (int)Timeout.TotalSeconds);
        var end = finished.GetProperty("status").GetString();
        LastId = id;
        return end == "succeeded" ? new DeployTiming(live, steps) : throw await FailedAsync(id, end);
    }

    private async Task<DeploymentFailedException> FailedAsync(Guid id, string? status) =>
        new($"Deployment {id} ended {status}. Its log ends with:\n{await LogTailAsync(id)}");

    /// <summary>The last deployment <see cref="DeployAsync"/> made.</summary>
    public Guid? LastId { get; private set; }

    /// <summary>The log of the last deployment, its timestamped lines as the panel wrote them.</summary>
    public async Task<string> LastLogAsync() => LastId is { } id ? await api.LogAsync(id) : "";

    private async Task<string> LogTailAsync(Guid id) => Command.Tail(await api.LogAsync(id), LogLinesShown);
}
