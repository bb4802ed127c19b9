using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Compose;

/// <summary>Checks of a compose file, and the stack's services as Swarm runs them.</summary>
public sealed partial class ComposeCatalog
{
    /// <summary>Reads a pasted file without saving anything; with a service, its .env is what <c>${VAR}</c> is checked against.</summary>
    public async Task<Outcome<ComposeCheck>> CheckTextAsync(string text, Guid? serviceId, CancellationToken cancellationToken)
    {
        if (ComposeCatalogRules.CheckFileSize(text) is { } tooLarge)
        {
            return tooLarge.Failed<ComposeCheck>();
        }

        var environment = new Dictionary<string, string>();
        if (serviceId is { } id)
        {
            var service = await FindTrackedAsync(id, cancellationToken);
            if (service is null)
            {
                return Outcome<ComposeCheck>.NotFound("This compose service does not exist any more.");
            }

            environment = Env(service.Compose!);
        }

        return Outcome<ComposeCheck>.Ok(ComposeDocument.Read(text, new ComposeReadOptions(false, Environment: environment)));
    }

    /// <summary>Reads the service's saved file: the pasted one, or the one of its repository (cloned into a workspace removed after).</summary>
    public async Task<Outcome<ComposeCheck>> CheckAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await FindTrackedAsync(serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<ComposeCheck>.NotFound("This compose service does not exist any more.");
        }

        // The same read as a deployment's, without its log: a Git source is cloned into a workspace removed after.
        var workspace = Directory.CreateTempSubdirectory("dropit-compose-check-");
        try
        {
            var file = await sources.ReadAsync(service, sources.Secrets(service.Compose!), workspace.FullName, _ => { }, null, cancellationToken);
            return Outcome<ComposeCheck>.Ok(ComposeDocument.Read(file.Text, file.Options));
        }
        catch (BuildFailedException e)
        {
            return Outcome<ComposeCheck>.Ok(new ComposeCheck(null, [new ComposeProblem(e.Message)], []));
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Every compose service: those of the stack as Swarm runs them, and (for a pasted file) those of the file not running
    /// yet. Empty when the stack was never deployed and the file is in a repository.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ComposeServiceState>>> ListServicesAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var view = await FindAsync(serviceId, cancellationToken);
        if (view is null)
        {
            return Outcome<IReadOnlyList<ComposeServiceState>>.NotFound("This compose service does not exist any more.");
        }

        var running = await stacks.ListAsync(view.StackName, cancellationToken);
        var states = running.Select(s => new ComposeServiceState(s.ComposeName, s.EngineName, s.Image, s.Desired, s.Running, s.UpdateState,
            s.Message, HealthOf(s))).ToList();
        if (view.Source == ComposeSource.Inline && view.File is not null)
        {
            var planned = ComposeDocument.Read(view.File, new ComposeReadOptions(false)).Plan?.Services ?? [];
            states.AddRange(planned.Where(p => states.All(s => s.Name != p.Name)).Select(p =>
                new ComposeServiceState(p.Name, null, p.Image, p.Replicas, 0, null, null, ComposeServiceHealth.NotDeployed)));
        }

        return Outcome<IReadOnlyList<ComposeServiceState>>.Ok([.. states.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Replaces the tasks of one compose service (in its update order: stop-first when it keeps data).</summary>
    public async Task<Outcome<bool>> RestartServiceAsync(Guid serviceId, string composeService, Actor actor, CancellationToken cancellationToken)
    {
        var view = await FindAsync(serviceId, cancellationToken);
        if (view is null)
        {
            return Outcome<bool>.NotFound("This compose service does not exist any more.");
        }

        var target = (await stacks.ListAsync(view.StackName, cancellationToken)).FirstOrDefault(s => s.ComposeName == composeService);
        if (target is null)
        {
            return Outcome<bool>.NotFound(
                $"The stack {view.StackName} runs no service named \"{composeService}\". Deploy the compose file first, or check the name.");
        }

        await stacks.RestartServiceAsync(target.EngineName, cancellationToken);
        audit.Add(actor, AuditActions.ServiceRestarted, $"{view.ProjectName}/{view.Name}", $"compose service {composeService}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    private static ComposeServiceHealth HealthOf(StackServiceState state) => state switch
    {
        { UpdateState: "paused" or "rollback_started" or "rollback_paused" } => ComposeServiceHealth.Failing,
        { UpdateState: "updating" } => ComposeServiceHealth.Updating,
        { Desired: 0 } => ComposeServiceHealth.Stopped,
        _ when state.Running >= state.Desired => ComposeServiceHealth.Running,
        { Message: not null } => ComposeServiceHealth.Failing,
        _ => ComposeServiceHealth.Starting,
    };
}
