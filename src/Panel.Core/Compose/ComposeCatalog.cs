using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Creates, shows and changes compose services: the file (pasted, or a path in a Git repository), the <c>.env</c>
/// (encrypted, never shown again), checks of a file, and the live state of the stack's services.
/// </summary>
public sealed partial class ComposeCatalog(
    IPanelDbContext db,
    ISecretProtector protector,
    IStackOperations stacks,
    ServiceControl control,
    ComposeSources sources,
    AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Outcome<ComposeView>> CreateAsync(Guid projectId, ComposeInput input, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var check = await NewService.CheckAsync(db, projectId, input.Name, ServiceKind.Compose, null, now, cancellationToken);
        if (!check.Succeeded)
        {
            return check.Failed<ComposeView>();
        }

        var service = check.Value!;
        var project = service.Project!;
        var settings = new ComposeSettings
        {
            Source = input.Source ?? (input.GitUrl is null ? ComposeSource.Inline : ComposeSource.Git),
            StackName = await UniqueStackNameAsync(EngineNames.StackName(project.Name, service.Name, service.Id), cancellationToken),
        };
        service.Compose = settings;
        var error = Apply(settings, input);
        if (error is not null)
        {
            return error;
        }

        var keys = DeployKeys.Create(settings.StackName);
        settings.DeployKeyPrivateEncrypted = protector.Protect(keys.PrivateKeyPem);
        settings.DeployKeyPublic = keys.PublicKeyOpenSsh;
        db.Services.Add(service);
        project.UpdatedAt = now;
        audit.Add(actor, AuditActions.ServiceCreated, $"{project.Name}/{service.Name}",
            settings.Source == ComposeSource.Git ? $"compose file {settings.ComposePath} of {settings.GitUrl}" : "compose file pasted");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ComposeView>.Ok(View(service));
    }

    public async Task<ComposeView?> FindAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Compose, cancellationToken);
        return service is null ? null : View(service);
    }

    /// <summary>Changes the file, its source or the .env; they apply at the next deployment. A service keeps its name.</summary>
    public async Task<Outcome<ComposeView>> UpdateAsync(Guid serviceId, ComposeInput input, Actor actor, CancellationToken cancellationToken)
    {
        var service = await FindTrackedAsync(serviceId, cancellationToken);
        if (service is null)
        {
            return Outcome<ComposeView>.NotFound("This compose service does not exist any more.");
        }

        if (input.Name is not null && input.Name.Trim() != service.Name)
        {
            return Outcome<ComposeView>.Invalid("A service keeps its name (its stack, networks and volumes are named after it).");
        }

        var error = Apply(service.Compose!, input);
        if (error is not null)
        {
            return error;
        }

        service.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ServiceUpdated, $"{service.Project!.Name}/{service.Name}",
            input.Env is not null && input.File is null && input.GitUrl is null && input.ComposePath is null
                ? ".env replaced; it applies at the next deployment"
                : "compose settings changed; they apply at the next deployment");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ComposeView>.Ok(View(service));
    }

    /// <summary>Replaces the .env (empty text removes it): stored encrypted, never returned; only its keys' names are shown.</summary>
    public Task<Outcome<ComposeView>> SetEnvAsync(Guid serviceId, string env, Actor actor, CancellationToken cancellationToken) =>
        UpdateAsync(serviceId, new ComposeInput { Env = env }, actor, cancellationToken);

    /// <summary>The delete every kind uses: deployments cancelled, the stack (services, networks, secrets, configs) and its built images removed. Volumes stay.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken) =>
        await FindAsync(serviceId, cancellationToken) is null
            ? Outcome<bool>.NotFound("This compose service does not exist any more.")
            : await control.DeleteAsync(serviceId, actor, cancellationToken);

    private Task<Service?> FindTrackedAsync(Guid serviceId, CancellationToken cancellationToken) =>
        db.Services.Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Compose, cancellationToken);

    /// <summary>The stack name, with -2, -3 ... appended while another compose service (of any project) has it.</summary>
    private async Task<string> UniqueStackNameAsync(string stem, CancellationToken cancellationToken)
    {
        var taken = (await db.Services.AsNoTracking().Where(s => s.Kind == ServiceKind.Compose).ToListAsync(cancellationToken))
            .Select(s => s.Compose?.StackName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var name = stem;
        for (var n = 2; taken.Contains(name); n++)
        {
            var suffix = $"-{n}";
            name = (stem.Length + suffix.Length > 30 ? stem[..(30 - suffix.Length)].TrimEnd('-') : stem) + suffix;
        }

        return name;
    }

    private Outcome<ComposeView>? Apply(ComposeSettings settings, ComposeInput input)
    {
        settings.Source = input.Source ?? settings.Source;
        if (input.File is not null)
        {
            settings.File = input.File.Length == 0 ? null : input.File.ReplaceLineEndings("\n");
        }

        settings.GitUrl = Trimmed(input.GitUrl) ?? settings.GitUrl;
        settings.GitBranch = Trimmed(input.GitBranch) ?? settings.GitBranch;
        settings.ComposePath = Trimmed(input.ComposePath)?.TrimStart('/') ?? settings.ComposePath;
        if (input.GitToken is not null)
        {
            settings.GitTokenEncrypted = input.GitToken.Length == 0 ? null : protector.Protect(input.GitToken);
        }

        var error = ComposeCatalogRules.CheckSource(settings);
        if (error is not null)
        {
            return error;
        }

        if (input.ChangesRelease)
        {
            settings.ReleaseCommand = input.ReleaseCommand is null ? settings.ReleaseCommand : Trimmed(input.ReleaseCommand);
            settings.ReleaseService = input.ReleaseService is null ? settings.ReleaseService : Trimmed(input.ReleaseService);
            settings.PostDeployCommand = input.PostDeployCommand is null ? settings.PostDeployCommand : Trimmed(input.PostDeployCommand);
            settings.ReleaseTimeoutSeconds = input.ReleaseTimeoutSeconds ?? settings.ReleaseTimeoutSeconds;
            if (ComposeCatalogRules.CheckRelease(settings) is { } releaseError)
            {
                return Outcome<ComposeView>.Invalid(releaseError);
            }
        }

        if (input.Env is not null)
        {
            var envError = ComposeCatalogRules.CheckEnv(input.Env);
            if (envError is not null)
            {
                return envError;
            }

            settings.EnvEncrypted = input.Env.Trim().Length == 0 ? null : protector.Protect(input.Env.ReplaceLineEndings("\n"));
        }

        // A new text is checked before it is stored (what is stored can be deployed); a new .env alone is not.
        if (settings.Source == ComposeSource.Inline && (input.File is not null || input.Source is not null || input.ChangesRelease))
        {
            var check = ComposeDocument.Read(settings.File!, new ComposeReadOptions(false, Environment: Env(settings)));
            if (check.Errors.Count > 0)
            {
                return Outcome<ComposeView>.Invalid(ComposeCatalogRules.Describe(check.Errors));
            }

            if (ComposeCatalogRules.CheckReleaseService(settings, check.Plan!) is { } missing)
            {
                return Outcome<ComposeView>.Invalid(missing);
            }
        }

        return null;
    }

    /// <summary>The .env's keys and values (an empty map when there is none); values never leave the server.</summary>
    private Dictionary<string, string> Env(ComposeSettings settings)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.EnvEncrypted is not null)
        {
            foreach (var (key, value) in DotEnv.Parse(protector.Unprotect(settings.EnvEncrypted)).Variables)
            {
                env[key] = value;
            }
        }

        return env;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private ComposeView View(Service service)
    {
        var settings = service.Compose!;
        return new ComposeView(
            service.Id, service.ProjectId, service.Project!.Name, service.Name, service.Status, service.Stopped, service.LiveDeploymentId,
            settings.Source, settings.File, settings.GitUrl, settings.GitBranch, settings.ComposePath, settings.GitTokenEncrypted is not null,
            settings.DeployKeyPublic, settings.StackName, settings.EnvEncrypted is not null, [.. Env(settings).Keys],
            service.CreatedAt, service.UpdatedAt)
        {
            Release = new ComposeRelease(settings.ReleaseCommand, settings.ReleaseService, settings.ReleaseTimeoutSeconds, settings.PostDeployCommand),
        };
    }
}
