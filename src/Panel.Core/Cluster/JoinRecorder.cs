using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// The live state of one join: each step's status as it happens, handed to <see cref="ServerJoins"/> watchers as a
/// snapshot. Token text never gets in: every detail passes through <see cref="Scrub"/>.
/// </summary>
public sealed class JoinRecorder
{
    private readonly Lock gate = new();
    private readonly Notifier<JoinProgress> notifier;
    private readonly List<JoinStep> steps;
    private readonly List<string> secrets = [];
    private JoinProgress progress;

    public JoinRecorder(Guid id, JoinRequest request, DateTimeOffset startedAt, Notifier<JoinProgress> notifier)
    {
        this.notifier = notifier;
        steps = JoinSteps.For(request.CheckOnly).Select(n => new JoinStep(n, JoinStepStatus.Pending, null)).ToList();
        progress = new JoinProgress(id, request.Host, request.Port, request.User, request.Role, request.CheckOnly, JoinStatus.Running,
            [.. steps], null, null, startedAt, null);
    }

    public JoinProgress Current
    {
        get
        {
            lock (gate)
            {
                return progress;
            }
        }
    }

    /// <summary>A value that must never be shown (a join token): replaced wherever it would appear.</summary>
    public void Hide(string secret)
    {
        lock (gate)
        {
            secrets.Add(secret);
        }
    }

    public string Scrub(string text)
    {
        lock (gate)
        {
            return secrets.Aggregate(text, (t, s) => t.Replace(s, "<join token>", StringComparison.Ordinal));
        }
    }

    public void Step(string name, JoinStepStatus status, string? detail = null) =>
        Change(p => p, name, status, detail);

    public void NodeJoined(string nodeId) => Change(p => p with { NodeId = nodeId }, null, null, null);

    public void Finish(JoinStatus status, string? error, DateTimeOffset at)
    {
        Change(p => p with { Status = status, Error = error is null ? null : Scrub(error), FinishedAt = at }, null, null, null);
    }

    /// <summary>Marks the steps that never ran.</summary>
    public void SkipRest()
    {
        lock (gate)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Status == JoinStepStatus.Pending)
                {
                    steps[i] = steps[i] with { Status = JoinStepStatus.Skipped, Detail = "Not run: an earlier step failed." };
                }
            }

            progress = progress with { Steps = [.. steps] };
        }
    }

    private void Change(Func<JoinProgress, JoinProgress> change, string? step, JoinStepStatus? status, string? detail)
    {
        Action deliver;
        lock (gate)
        {
            if (step is not null)
            {
                var index = steps.FindIndex(s => s.Name == step);
                steps[index] = new JoinStep(step, status!.Value, detail is null ? null : Scrub(detail));
            }

            progress = change(progress) with { Steps = [.. steps] };
            deliver = notifier.Prepare(progress);
        }

        deliver();
    }
}
