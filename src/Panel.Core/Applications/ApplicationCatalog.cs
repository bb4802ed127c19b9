using System.Security.Cryptography;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Applications;

/// <summary>Creates, shows and changes application services; secrets are encrypted before they are stored.</summary>
public sealed class ApplicationCatalog(IPanelDbContext db, ISecretProtector protector, DataDirectory data, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Outcome<ApplicationView>> CreateAsync(Guid projectId, ApplicationInput input, Actor actor,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var check = await NewService.CheckAsync(db, projectId, input.Name, ServiceKind.Application, null, now, cancellationToken);
        if (!check.Succeeded)
        {
            return check.Failed<ApplicationView>();
        }

        var (service, project, name) = (check.Value!, check.Value!.Project!, check.Value!.Name);
        service.Application = new ApplicationSettings { SourceType = input.SourceType ?? SourceType.Image };
        var error = Apply(service, input);
        if (error is not null)
        {
            return Outcome<ApplicationView>.Invalid(error);
        }

        var keys = DeployKeys.Create(EngineNames.ServiceName(project.Name, name, service.Id)[..^9]);
        service.Application.DeployKeyPrivateEncrypted = protector.Protect(keys.PrivateKeyPem);
        service.Application.DeployKeyPublic = keys.PublicKeyOpenSsh;
        db.Services.Add(service);
        project.UpdatedAt = now;
        audit.Add(actor, AuditActions.ServiceCreated, $"{project.Name}/{name}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ApplicationView>.Ok(View(service, project.Name));
    }

    public async Task<ApplicationView?> FindAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        return service is null ? null : View(service, service.Project!.Name);
    }

    public async Task<Outcome<ApplicationView>> UpdateAsync(Guid serviceId, ApplicationInput input, Actor actor,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        if (service is null)
        {
            return Outcome<ApplicationView>.NotFound("This service does not exist any more.");
        }

        if (input.Name is not null && input.Name.Trim() != service.Name)
        {
            return Outcome<ApplicationView>.Invalid("A service keeps its name (its Docker objects and routes are named after it).");
        }

        var relaxed = service.Application!.RelaxedSecurity;
        var error = Apply(service, input);
        if (error is not null)
        {
            return Outcome<ApplicationView>.Invalid(error);
        }

        service.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ServiceUpdated, $"{service.Project!.Name}/{service.Name}",
            "settings changed; they apply at the next deployment" + (relaxed == service.Application.RelaxedSecurity ? ""
                : service.Application.RelaxedSecurity ? "; relaxed security on (NET_RAW kept, new privileges allowed)" : "; relaxed security off"));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ApplicationView>.Ok(View(service, service.Project.Name));
    }

    /// <summary>A new webhook secret, returned once in clear; the stored copy is encrypted.</summary>
    public async Task<Outcome<string>> CreateWebhookSecretAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        if (service is null)
        {
            return Outcome<string>.NotFound("This service does not exist any more.");
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        service.WebhookSecretEncrypted = protector.Protect(secret);
        audit.Add(actor, AuditActions.WebhookSecretCreated, service.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Ok(secret);
    }

    /// <summary>Stores the uploaded source zip of a service whose source is an upload, after checking it.</summary>
    public async Task<Outcome<long>> StoreSourceAsync(Guid serviceId, Stream zip, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Application, cancellationToken);
        if (service is null)
        {
            return Outcome<long>.NotFound("This service does not exist any more.");
        }

        var target = data.SourceZip(serviceId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = File.Create(temporary))
            {
                await zip.CopyToAsync(file, cancellationToken);
            }

            await using (var check = File.OpenRead(temporary))
            {
                var error = Deployments.Sources.SourceArchive.Check(check, service.Application!.DockerfilePath);
                if (error is not null)
                {
                    return Outcome<long>.Invalid(error);
                }
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        audit.Add(actor, AuditActions.SourceUploaded, service.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<long>.Ok(new FileInfo(target).Length);
    }

    private string? Apply(Service service, ApplicationInput input)
    {
        var app = service.Application!;
        app.SourceType = input.SourceType ?? app.SourceType;
        app.Image = Trimmed(input.Image) ?? app.Image;
        app.RegistryServer = input.RegistryServer is null ? app.RegistryServer : Trimmed(input.RegistryServer);
        app.RegistryUsername = input.RegistryUsername is null ? app.RegistryUsername : Trimmed(input.RegistryUsername);
        app.GitUrl = Trimmed(input.GitUrl) ?? app.GitUrl;
        app.GitBranch = Trimmed(input.GitBranch) ?? app.GitBranch;
        app.DockerfilePath = Trimmed(input.DockerfilePath) ?? app.DockerfilePath;
        app.BuildContext = Trimmed(input.BuildContext) ?? app.BuildContext;
        app.Port = input.Port ?? app.Port;
        app.HealthCheckMode = input.HealthCheckMode ?? app.HealthCheckMode;
        app.HealthCheckPath = Trimmed(input.HealthCheckPath) ?? app.HealthCheckPath;
        app.HealthCheckIntervalSeconds = input.HealthCheckIntervalSeconds ?? app.HealthCheckIntervalSeconds;
        app.HealthCheckTimeoutSeconds = input.HealthCheckTimeoutSeconds ?? app.HealthCheckTimeoutSeconds;
        app.HealthCheckRetries = input.HealthCheckRetries ?? app.HealthCheckRetries;
        app.HealthCheckStartPeriodSeconds = input.HealthCheckStartPeriodSeconds ?? app.HealthCheckStartPeriodSeconds;
        app.Replicas = input.Replicas ?? app.Replicas;
        app.MemoryLimitBytes = input.MemoryLimitBytes is 0 ? null : input.MemoryLimitBytes ?? app.MemoryLimitBytes;
        app.CpuLimit = input.CpuLimit is 0 ? null : input.CpuLimit ?? app.CpuLimit;
        app.RestartPolicy = input.RestartPolicy ?? app.RestartPolicy;
        app.Volumes = input.Volumes ?? app.Volumes;
        app.RelaxedSecurity = input.RelaxedSecurity ?? app.RelaxedSecurity;
        app.ReleaseCommand = input.ReleaseCommand is null ? app.ReleaseCommand : Trimmed(input.ReleaseCommand);
        app.ReleaseTimeoutSeconds = input.ReleaseTimeoutSeconds ?? app.ReleaseTimeoutSeconds;
        app.PostDeployCommand = input.PostDeployCommand is null ? app.PostDeployCommand : Trimmed(input.PostDeployCommand);
        ServicePlacement.Apply(app, input.PlacementConstraints, input.PlacementSpreads);
        service.WebhookBranch = input.WebhookBranch is null ? service.WebhookBranch : Trimmed(input.WebhookBranch);
        if (input.GitToken is not null)
        {
            app.GitTokenEncrypted = input.GitToken.Length == 0 ? null : protector.Protect(input.GitToken);
        }

        if (input.RegistryPassword is not null)
        {
            app.RegistryPasswordEncrypted = input.RegistryPassword.Length == 0 ? null : protector.Protect(input.RegistryPassword);
        }

        return ApplicationValidation.Check(app);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private ApplicationView View(Service service, string projectName) => new(
        service.Id, service.ProjectId, projectName, service.Name, service.Status, service.Stopped, service.LiveDeploymentId,
        service.Application!, service.Application!.GitTokenEncrypted is not null,
        service.Application.RegistryPasswordEncrypted is not null, service.Application.DeployKeyPublic,
        service.WebhookSecretEncrypted is not null, service.WebhookBranch, File.Exists(data.SourceZip(service.Id)),
        service.CreatedAt, service.UpdatedAt);
}
