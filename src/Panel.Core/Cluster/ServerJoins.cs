using System.Collections.Concurrent;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// The servers being added, each run in the background with its steps live (decision 059). Kept in memory: a join
/// lasts minutes, and one cut short by a restart has changed nothing in the swarm unless its last step ran.
/// </summary>
public sealed partial class ServerJoins(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ServerJoins> logger)
    : IDisposable
{
    private const int Kept = 50;
    private readonly ConcurrentDictionary<Guid, JoinRecorder> joins = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Every change of every join, as a snapshot.</summary>
    public Notifier<JoinProgress> Changes { get; } = new();

    /// <summary>Starts adding (or checking) a server; the id follows it at <see cref="Get"/>.</summary>
    public Outcome<JoinProgress> Start(JoinRequest input, Actor actor)
    {
        var valid = input.Validate();
        if (!valid.Succeeded)
        {
            return valid.Failed<JoinProgress>();
        }

        var request = valid.Value!;
        if (joins.Values.Any(j => j.Current is { Status: JoinStatus.Running } p && p.Host == request.Host && p.Port == request.Port))
        {
            return Outcome<JoinProgress>.Conflict($"{request.Host}:{request.Port} is being added already: wait for that to finish.");
        }

        var id = Guid.CreateVersion7();
        var recorder = new JoinRecorder(id, request, clock.GetUtcNow(), Changes);
        joins[id] = recorder;
        Forget();
        _ = Task.Run(() => RunAsync(request, actor, recorder));
        return Outcome<JoinProgress>.Ok(recorder.Current);
    }

    public JoinProgress? Get(Guid id) => joins.TryGetValue(id, out var recorder) ? recorder.Current : null;

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync(JoinRequest request, Actor actor, JoinRecorder recorder)
    {
        LogStarted(logger, request.Target, request.Role, request.CheckOnly);
        JoinStatus status;
        string? error = null;
        using var scope = scopes.CreateScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<JoinRunner>().RunAsync(request, actor, recorder, stopping.Token);
            status = JoinStatus.Succeeded;
        }
        catch (JoinStepException e)
        {
            // The error names the step that failed: "Check Docker: ...".
            var step = recorder.Current.Steps.FirstOrDefault(s => s.Status == JoinStepStatus.Failed)?.Name;
            (status, error) = (JoinStatus.Failed, step is null ? e.Message : $"{step}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            (status, error) = (JoinStatus.Failed, "The panel stopped while adding the server. Check the server, then add it again.");
        }
        catch (Exception e)
        {
            LogCrashed(logger, request.Target, e);
            (status, error) = (JoinStatus.Failed, $"Adding the server failed unexpectedly ({e.GetType().Name}); the panel's log has the details.");
        }

        recorder.SkipRest();
        recorder.Finish(status, error, clock.GetUtcNow());
        var done = recorder.Current;
        LogFinished(logger, request.Target, status, done.Steps.FirstOrDefault(s => s.Status == JoinStepStatus.Failed)?.Name);
        try
        {
            var action = request.CheckOnly ? JoinAudit.Checked : status == JoinStatus.Succeeded ? JoinAudit.Joined : JoinAudit.JoinFailed;
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(actor, action, request.Target,
                $"{request.Role.ToString().ToLowerInvariant()}{(done.NodeId is null ? "" : $", node {done.NodeId}")}"
                + $"{(error is null ? "" : ": " + error)}", status == JoinStatus.Succeeded, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogCrashed(logger, request.Target, e);
        }
    }

    /// <summary>Keeps the newest joins that have ended, and every one still running.</summary>
    private void Forget()
    {
        foreach (var old in joins.Values.Select(r => r.Current).Where(p => p.Status != JoinStatus.Running)
                     .OrderByDescending(p => p.StartedAt).Skip(Kept))
        {
            joins.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adding server {Target} as {Role} (check only: {CheckOnly})")]
    private static partial void LogStarted(ILogger logger, string target, JoinRole role, bool checkOnly);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adding server {Target} ended: {Status} (failed step: {Step})")]
    private static partial void LogFinished(ILogger logger, string target, JoinStatus status, string? step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Adding server {Target} failed unexpectedly")]
    private static partial void LogCrashed(ILogger logger, string target, Exception exception);
}
