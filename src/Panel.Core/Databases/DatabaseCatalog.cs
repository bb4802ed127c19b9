using System.Security.Cryptography;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Databases;

/// <summary>Creates, shows and changes database services; every change that reaches the server is a stop-first redeploy.</summary>
public sealed class DatabaseCatalog(
    IPanelDbContext db,
    ISecretProtector protector,
    DeploymentService deployments,
    DatabaseFirewall firewall,
    AuditTrail audit,
    TimeProvider clock)
{
    /// <summary>Creates the database (credentials generated, encrypted at rest) and queues its first start.</summary>
    public async Task<Outcome<DatabaseView>> CreateAsync(Guid projectId, DatabaseInput input, Actor actor, CancellationToken cancellationToken)
    {
        var engine = input.Engine ?? DatabaseEngine.Postgres;
        var profile = DatabaseEngines.Of(engine);
        var version = input.Version?.Trim() is { Length: > 0 } v ? v : profile.DefaultVersion;
        var check = await NewService.CheckAsync(db, projectId, input.Name, ServiceKind.Database, null, clock.GetUtcNow(), cancellationToken);
        if (!check.Succeeded)
        {
            return check.Failed<DatabaseView>();
        }

        var service = check.Value!;
        var engineName = EngineNames.StableServiceName(service.Project!.Name, service.Name, service.Id);
        service.Database = new DatabaseSettings
        {
            Engine = engine,
            Version = version,
            Image = input.Image?.Trim() is { Length: > 0 } image ? image : profile.DefaultImage(version),
            DatabaseName = profile.HasDatabaseAndUser ? Blank(input.DatabaseName) ?? "app" : null,
            Username = profile.HasDatabaseAndUser ? Blank(input.Username) ?? "app" : null,
            PasswordEncrypted = protector.Protect(NewPassword()),
            RootPasswordEncrypted = engine is DatabaseEngine.MySql or DatabaseEngine.MariaDb ? protector.Protect(NewPassword()) : null,
            VolumeName = Blank(input.VolumeName) ?? $"{engineName}-data",
            ServerSettings = DefaultSettings(engine),
        };
        var error = Apply(service.Database, input with { Version = null, Image = null }) ?? FirewallError(service.Database)
            ?? await CheckUniqueAsync(service, engineName, cancellationToken);
        if (error is not null)
        {
            return Outcome<DatabaseView>.Invalid(error);
        }

        db.Services.Add(service);
        service.Project.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ServiceCreated, $"{service.Project.Name}/{service.Name}", $"{profile.DisplayName} {version}");
        await db.SaveChangesAsync(cancellationToken);
        var queued = await deployments.QueueAsync(service.Id, DeploymentTrigger.User, actor, cancellationToken);
        return queued.Succeeded ? Outcome<DatabaseView>.Ok(View(service)) : queued.Failed<DatabaseView>();
    }

    public async Task<DatabaseView?> FindAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        return service is null ? null : View(service);
    }

    /// <summary>The project's databases an application's variable can reference.</summary>
    public async Task<IReadOnlyList<DatabaseLink>> ListLinksAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().Include(s => s.Project)
            .Where(s => s.ProjectId == projectId && s.Kind == ServiceKind.Database).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return services.Select(s => new DatabaseLink(s.Id, s.Name, s.Database!.Engine, DatabaseUrls.Reference(s.Name),
            DatabaseUrls.Url(s, DatabaseUrls.Masked))).ToList();
    }

    /// <summary>
    /// Changes settings and applies them with a stop-first restart. A minor or patch version change is such a restart;
    /// a major one is refused here (the upgrade by dump and restore does it), and so is a downgrade.
    /// </summary>
    public async Task<Outcome<DatabaseView>> UpdateAsync(Guid serviceId, DatabaseInput input, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<DatabaseView>.NotFound("This database does not exist any more.");
        }

        var settings = service.Database!;
        var unchangeable = UnchangeableError(settings, input, service.Name);
        if (unchangeable is not null)
        {
            return Outcome<DatabaseView>.Invalid(unchangeable);
        }

        var versionError = VersionChangeError(settings, input.Version?.Trim());
        if (versionError is not null)
        {
            return Outcome<DatabaseView>.Conflict(versionError);
        }

        var error = Apply(settings, input) ?? FirewallError(settings) ?? await CheckUniqueAsync(service, DatabaseUrls.Host(service), cancellationToken);
        if (error is not null)
        {
            return Outcome<DatabaseView>.Invalid(error);
        }

        service.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ServiceUpdated, $"{service.Project!.Name}/{service.Name}", "settings changed; applied with a restart");
        await db.SaveChangesAsync(cancellationToken);
        var queued = await deployments.QueueAsync(service.Id, DeploymentTrigger.User, actor, cancellationToken);
        return queued.Succeeded ? Outcome<DatabaseView>.Ok(View(service)) : queued.Failed<DatabaseView>();
    }

    /// <summary>
    /// Queues a PostgreSQL major upgrade by dump and restore to <paramref name="version"/> (the official image of that
    /// version unless <paramref name="image"/> names another). The old volume is kept for a rollback.
    /// </summary>
    public async Task<Outcome<Deployment>> UpgradeAsync(Guid serviceId, string? version, string? image, Actor actor,
        CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<Deployment>.NotFound("This database does not exist any more.");
        }

        var settings = service.Database!;
        var profile = DatabaseEngines.Of(settings.Engine);
        var target = version?.Trim();
        if (settings.Engine != DatabaseEngine.Postgres)
        {
            return Outcome<Deployment>.Invalid($"{profile.DisplayName} changes version with a restart: change the version in the settings.");
        }

        if (DatabaseEngines.Major(target) is not { } to || to <= DatabaseEngines.Major(settings.Version))
        {
            return Outcome<Deployment>.Invalid($"An upgrade goes to a later major version than {settings.Version} (e.g. {profile.Versions[^1]}).");
        }

        if (!settings.Initialised || service.LiveDeploymentId is null)
        {
            return Outcome<Deployment>.Conflict("This database has not started yet: nothing to upgrade. Change its version in the settings instead.");
        }

        if (settings.PreviousVolume is not null)
        {
            return Outcome<Deployment>.Conflict(
                $"The volume {settings.PreviousVolume.VolumeName} of the last upgrade is still kept; delete it before the next upgrade.");
        }

        var upgrade = new PendingUpgrade { Version = target!, Image = image?.Trim() is { Length: > 0 } i ? i : profile.DefaultImage(target!) };
        var check = new DatabaseSettings
        {
            Engine = settings.Engine, Version = upgrade.Version, Image = upgrade.Image, DatabaseName = settings.DatabaseName,
            Username = settings.Username, VolumeName = settings.VolumeName,
        };
        if (DatabaseValidation.Check(check) is { } error)
        {
            return Outcome<Deployment>.Invalid(error);
        }

        settings.Upgrade = upgrade;
        audit.Add(actor, AuditActions.DatabaseUpgradeStarted, $"{service.Project!.Name}/{service.Name}", $"{settings.Version} to {upgrade.Version}");
        await db.SaveChangesAsync(cancellationToken);
        return await deployments.QueueAsync(serviceId, DeploymentTrigger.User, actor, cancellationToken);
    }

    /// <summary>The credentials in clear; every look is in the audit trail.</summary>
    public async Task<Outcome<DatabaseCredentials>> RevealAsync(Guid serviceId, Actor actor, CancellationToken cancellationToken)
    {
        var service = await db.Services.Include(s => s.Project)
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Kind == ServiceKind.Database, cancellationToken);
        if (service is null)
        {
            return Outcome<DatabaseCredentials>.NotFound("This database does not exist any more.");
        }

        var settings = service.Database!;
        var password = protector.Unprotect(settings.PasswordEncrypted);
        audit.Add(actor, AuditActions.DatabaseCredentialsShown, $"{service.Project!.Name}/{service.Name}");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<DatabaseCredentials>.Ok(new DatabaseCredentials(settings.Username, password,
            settings.RootPasswordEncrypted is { } root ? protector.Unprotect(root) : null, DatabaseUrls.Url(service, password)));
    }

    /// <summary>A strong generated password: 32 random bytes, URL-safe base64 (43 characters).</summary>
    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<ServerSetting> DefaultSettings(DatabaseEngine engine) => engine == DatabaseEngine.Redis
        ? [new ServerSetting { Name = "appendonly", Value = "yes" }]
        : [];

    private static string? UnchangeableError(DatabaseSettings settings, DatabaseInput input, string name)
    {
        if (input.Name is not null && input.Name.Trim() != name)
        {
            return "A database keeps its name (its Docker service and connection URL are named after it).";
        }

        if (input.Engine is { } engine && engine != settings.Engine)
        {
            return "A database keeps its engine: create a new database and move the data with a backup.";
        }

        if (input.DatabaseName is not null && input.DatabaseName.Trim() != settings.DatabaseName
            || input.Username is not null && input.Username.Trim() != settings.Username)
        {
            return "The database and user names are set at the first start and kept; create another database for other names.";
        }

        return input.VolumeName is not null && input.VolumeName.Trim() != settings.VolumeName
            ? "A database keeps its volume."
            : null;
    }

    /// <summary>Why a version change cannot be a restart, or null when it can.</summary>
    public static string? VersionChangeError(DatabaseSettings settings, string? target)
    {
        if (target is null || target == settings.Version || DatabaseEngines.Major(target) is not { } to
            || DatabaseEngines.Major(settings.Version) is not { } from)
        {
            return null;
        }

        if (new Version(Normalize(target)) < new Version(Normalize(settings.Version)))
        {
            return $"{settings.Version} to {target} is a downgrade: the data files of a newer version cannot be read by an older one. " +
                "Restore a backup into a new database of the older version instead.";
        }

        if (to > from && settings.Engine == DatabaseEngine.Postgres)
        {
            return $"PostgreSQL {from} to {to} is a major upgrade: the data files change format, so it cannot be done in place. " +
                "Use \"Upgrade by dump and restore\": the panel dumps, starts the new version on a new volume, restores, checks row counts, " +
                "switches, and keeps the old volume for a rollback.";
        }

        return null;
    }

    private static string Normalize(string version) => version.Split('.').Length == 1 ? version + ".0" : version;

    private static string? Apply(DatabaseSettings settings, DatabaseInput input)
    {
        if (input.Version?.Trim() is { Length: > 0 } version)
        {
            var profile = DatabaseEngines.Of(settings.Engine);
            var followsDefault = settings.Image == profile.DefaultImage(settings.Version);
            settings.Version = version;
            if (followsDefault && input.Image is null)
            {
                settings.Image = profile.DefaultImage(version);
            }
        }

        if (input.Image?.Trim() is { Length: > 0 } image)
        {
            settings.Image = image;
        }

        if (input.InitScripts is not null)
        {
            if (settings.Initialised && !input.InitScripts.Select(s => (s.Name, s.Content)).SequenceEqual(settings.InitScripts.Select(s => (s.Name, s.Content))))
            {
                return "Init scripts run only on an empty volume, at the first start; this database has started already.";
            }

            settings.InitScripts = input.InitScripts.Select(s => new InitScript { Name = s.Name.Trim(), Content = s.Content }).ToList();
        }

        if (input.ServerSettings is not null)
        {
            settings.ServerSettings = input.ServerSettings.Select(s => new ServerSetting { Name = s.Name.Trim(), Value = s.Value.Trim() }).ToList();
        }

        if (input.ClearLimits == true)
        {
            settings.MemoryLimitBytes = null;
            settings.CpuLimit = null;
        }

        settings.MemoryLimitBytes = input.MemoryLimitBytes ?? settings.MemoryLimitBytes;
        settings.CpuLimit = input.CpuLimit ?? settings.CpuLimit;
        settings.ExternalPort = input.CloseExternalPort == true ? null : input.ExternalPort ?? settings.ExternalPort;
        if (input.AllowedSources is not null)
        {
            settings.AllowedSources = input.AllowedSources.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }

        return DatabaseValidation.Check(settings);
    }

    /// <summary>An allow list this panel cannot enforce is refused rather than stored as a false promise.</summary>
    private string? FirewallError(DatabaseSettings settings) =>
        settings.AllowedSources.Count > 0 && !firewall.Enabled
            ? "This panel does not filter source addresses (Databases:Firewall:Enabled is false): leave the list empty and allow the port only to those addresses in the server's firewall."
            : null;

    /// <summary>Another service may not take this database's Docker name, external port or volume.</summary>
    private async Task<string?> CheckUniqueAsync(Service service, string engineName, CancellationToken cancellationToken)
    {
        var settings = service.Database!;
        var others = await db.Services.AsNoTracking().Include(s => s.Project)
            .Where(s => s.Kind == ServiceKind.Database && s.Id != service.Id).ToListAsync(cancellationToken);
        if (others.FirstOrDefault(o => DatabaseUrls.Host(o) == engineName) is { } sameName)
        {
            return $"The database {sameName.Project!.Name}/{sameName.Name} already runs as {engineName}; choose another name.";
        }

        if (settings.ExternalPort is { } port && others.FirstOrDefault(o => o.Database!.ExternalPort == port) is { } samePort)
        {
            return $"Port {port} is already taken by {samePort.Project!.Name}/{samePort.Name}; choose another external port.";
        }

        return others.FirstOrDefault(o => o.Database!.VolumeName == settings.VolumeName) is { } sameVolume
            ? $"The volume {settings.VolumeName} belongs to {sameVolume.Project!.Name}/{sameVolume.Name}; two databases never share a volume."
            : null;
    }

    public static DatabaseView View(Service service)
    {
        var s = service.Database!;
        var profile = DatabaseEngines.Of(s.Engine);
        return new DatabaseView(service.Id, service.ProjectId, service.Project!.Name, service.Name, service.Status, service.Stopped, s.Engine,
            s.Version, s.Image, s.DatabaseName, s.Username, DatabaseUrls.Host(service), profile.Port, DatabaseUrls.Url(service, DatabaseUrls.Masked),
            DatabaseUrls.Reference(service.Name), s.VolumeName, s.InitScripts, s.ServerSettings, s.MemoryLimitBytes, s.CpuLimit, s.ExternalPort,
            s.AllowedSources, s.PreviousVolume, service.LiveDeploymentId, service.CreatedAt);
    }
}
