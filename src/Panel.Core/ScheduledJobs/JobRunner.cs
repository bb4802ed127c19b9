using System.Diagnostics;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.ScheduledJobs;

/// <summary>How one attempt ended, before it is recorded.</summary>
public sealed record JobAttempt(JobRunStatus Status, long? ExitCode, string? Error, string Log, TimeSpan? Duration);

/// <summary>
/// Runs one claimed run of a job as a one-off task (<see cref="OneOffTask"/>) from the service's live version: the
/// live deployment's image, the service's variables as they are now (secrets resolved), its network, limits and
/// hardening; the command run directly or with <c>/bin/sh -c</c> (<see cref="CommandLine"/>). On a compose stack, the
/// compose service's live Swarm service gives the spec (<see cref="ComposeSpecAsync"/>). Its masked output is stored every few seconds while it runs.
/// </summary>
public sealed class JobRunner(IPanelDbContext db, DeploymentSecretsReader secretsReader, ComposeSources composeSources, ISwarmOperations swarm,
    OneOffTask task, JobRunEvents events, IOptions<ScheduledJobsOptions> options)
{
    private const int QuotedLines = 5;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(2);

    /// <summary>Runs the attempt; a cancel (the panel stopping) kills the task and throws <see cref="OperationCanceledException"/>.</summary>
    public async Task<JobAttempt> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.ScheduledJobRuns.AsNoTracking().Include(r => r.Job).FirstAsync(r => r.Id == runId, cancellationToken);
        var job = run.Job!;
        var service = await db.Services.AsNoTracking().Include(s => s.Project).FirstAsync(s => s.Id == job.ServiceId, cancellationToken);
        var live = service.LiveDeploymentId is { } liveId
            ? await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == liveId, cancellationToken)
            : null;
        SecretMasker masker;
        EngineServiceSpec version;
        if (service.Kind == ServiceKind.Compose && service.Compose is { } compose && live is not null && job.ComposeService is { } composeService)
        {
            masker = new SecretMasker(composeSources.Secrets(compose).All);
            if (await ComposeSpecAsync(service, compose.StackName, composeService, cancellationToken) is not { } composeSpec)
            {
                return new JobAttempt(JobRunStatus.Failed, null,
                    $"The compose service {composeService} of {service.Name} does not run (no Swarm service {compose.StackName}_{composeService}). Deploy the stack, then run the job again.",
                    "", null);
            }

            version = composeSpec;
        }
        else if (service.Application is null || live?.ImageTag is null || live.EngineServiceName is null)
        {
            return new JobAttempt(JobRunStatus.Failed, null,
                $"{service.Name} has no live version to run the job from. Deploy it, then run the job again.", "", null);
        }
        else
        {
            var secrets = await secretsReader.ReadAsync(service, cancellationToken);
            masker = new SecretMasker(secrets.All);
            version = ApplicationSpec.For(service, live, secrets);
        }

        var spec = Spec(version, job, run);
        await db.ScheduledJobRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.EngineServiceName, spec.Name), cancellationToken);

        var log = new JobRunLog(options.Value.LogMaxBytes);
        using var flushing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var flush = FlushAsync(run, log, flushing.Token);
        var watch = Stopwatch.StartNew();
        OneOffResult result;
        try
        {
            result = await task.RunAsync(spec, TimeSpan.FromSeconds(job.TimeoutSeconds), line => log.Add(masker.Mask(line)), cancellationToken);
        }
        finally
        {
            await flushing.CancelAsync();
            await flush;
        }

        var duration = watch.Elapsed;
        var tail = log.Tail(QuotedLines) is { Length: > 0 } last ? $" Its last lines:\n{last}" : " It printed nothing.";
        return result.End switch
        {
            OneOffEnd.Succeeded => new JobAttempt(JobRunStatus.Succeeded, 0, null, log.Text(), duration),
            OneOffEnd.Exited => new JobAttempt(JobRunStatus.Failed, result.ExitCode,
                $"The command exited with code {result.ExitCode}.{tail}", log.Text(), duration),
            OneOffEnd.NotStarted => new JobAttempt(JobRunStatus.Failed, null,
                masker.Mask($"The command could not run: {result.Reason}. {CommandLine.StartHint(CommandLine.Argv(job.Command))}"), log.Text(), duration),
            _ => new JobAttempt(JobRunStatus.TimedOut, null,
                $"The command did not finish within {job.TimeoutSeconds} s and was stopped.{tail} Raise the job's timeout if it needs longer.",
                log.Text(), duration),
        };
    }

    /// <summary>
    /// The spec of the compose service as its live Swarm service <c>&lt;stack&gt;_&lt;service&gt;</c> runs now: image,
    /// environment, the stack's networks it is on and its secrets and configs; the project network is added as for any
    /// service of the project, without an alias. Null when that Swarm service does not exist.
    /// </summary>
    private async Task<EngineServiceSpec?> ComposeSpecAsync(Service service, string stack, string composeService, CancellationToken cancellationToken)
    {
        if (await swarm.InspectTaskSpecAsync($"{stack}_{composeService}", cancellationToken) is not { } live)
        {
            return null;
        }

        var labels = new Dictionary<string, string>
        {
            [EngineLabels.Managed] = "true",
            [EngineLabels.Project] = service.ProjectId.ToString(),
            [EngineLabels.Service] = service.Id.ToString(),
        };
        return new EngineServiceSpec($"{stack}_{composeService}", live.Image, labels, live.Environment, 1, null, null, RestartPolicy.None, [])
        {
            Networks = live.Networks,
            Files = live.Files,
        };
    }

    /// <summary>The live version's spec turned into the run's one-off task, labelled with the run.</summary>
    public static EngineServiceSpec Spec(EngineServiceSpec live, ScheduledJob job, ScheduledJobRun run)
    {
        var spec = OneOffTask.Spec(live, job.Command, $"job-{run.Id.ToString("N")[^8..]}");
        return spec with { Labels = new Dictionary<string, string>(spec.Labels) { [ScheduledJobRun.EngineLabel] = run.Id.ToString() } };
    }

    private async Task FlushAsync(ScheduledJobRun run, JobRunLog log, CancellationToken cancellationToken)
    {
        var stored = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(FlushEvery, cancellationToken);
                if (log.Version == stored)
                {
                    continue;
                }

                stored = log.Version;
                var text = log.Text();
                await db.ScheduledJobRuns.Where(r => r.Id == run.Id && r.Status == JobRunStatus.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Log, text), cancellationToken);
                events.Publish(new JobRunChanged(run.Id, run.JobId, run.Job!.ServiceId, JobRunStatus.Running));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended: its whole log is written with its outcome.
        }
    }
}
