using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Monitoring;

// The evaluation side: one loop evaluates touched services, in bursts; sweeps catch what events cannot say.
public sealed partial class EngineEventWatcher
{
    private async Task EvaluateLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await touched.Reader.WaitToReadAsync(cancellationToken))
            {
                // Events come in bursts (kill, die, destroy): evaluate each service once per burst.
                var batch = new HashSet<Guid>();
                while (touched.Reader.TryRead(out var id))
                {
                    batch.Add(id);
                }

                foreach (var id in batch)
                {
                    await EvaluateSafelyAsync(id, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel stops.
        }
    }

    private async Task EvaluateSafelyAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        try
        {
            await evaluator.EvaluateAsync(serviceId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogEvaluationFailed(e, serviceId);
        }
    }

    /// <summary>Services not running are looked at again now and then: a crash loop ends when its crashes age out.</summary>
    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SweepPeriod, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var state in states.All.Where(s => s.State != ServiceEngineState.Running))
                {
                    touched.Writer.TryWrite(state.ServiceId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel stops.
        }
    }

    /// <summary>On (re)connection: every service with a container, and every one known, since events may have been missed.</summary>
    private async Task SweepAllAsync(CancellationToken cancellationToken)
    {
        var listed = await containers.ListAsync(new EngineContainerFilter([$"{EngineLabels.Managed}=true"], [], All: true),
            cancellationToken);
        var ids = listed.Select(c => ContainerSampler.ServiceOf(c.Labels)).OfType<Guid>()
            .Concat(states.All.Select(s => s.ServiceId))
            .ToHashSet();
        foreach (var id in ids)
        {
            touched.Writer.TryWrite(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evaluate the engine state of service {ServiceId}")]
    private partial void LogEvaluationFailed(Exception exception, Guid serviceId);
}
