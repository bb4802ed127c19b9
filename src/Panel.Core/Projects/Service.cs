using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Routing;

namespace DropIt.Panel.Core.Projects;

public enum ServiceKind
{
    Application,
    StaticSite,
    Database,

    /// <summary>A compose file run as a Swarm stack (decision 035).</summary>
    Compose,
}

public enum ServiceStatus
{
    Created,
    Deploying,
    Running,
    Stopped,
    Failed,
}

public sealed class Service
{
    public const int NameMaxLength = 48;

    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string Name { get; set; }
    public ServiceKind Kind { get; set; }
    public ServiceStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Settings of an application service (source, port, health check, resources); stored as JSON.</summary>
    public ApplicationSettings? Application { get; set; }

    /// <summary>Settings of a static site (SPA mode, 404 page, headers); stored as JSON.</summary>
    public StaticSiteSettings? StaticSite { get; set; }

    /// <summary>Settings of a database service (engine, version, volume); stored as JSON.</summary>
    public DatabaseSettings? Database { get; set; }

    /// <summary>Settings of a compose service (file, source, .env); stored as JSON.</summary>
    public Compose.ComposeSettings? Compose { get; set; }

    /// <summary>The deployment whose version is live (applications).</summary>
    public Guid? LiveDeploymentId { get; set; }

    /// <summary>The release a static site serves (its <c>current</c> link points to it).</summary>
    public Guid? ActiveReleaseId { get; set; }

    /// <summary>Secret of the push webhook, encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? WebhookSecretEncrypted { get; set; }

    /// <summary>Pushes to this branch deploy; null means the Git source's branch.</summary>
    public string? WebhookBranch { get; set; }

    /// <summary>Replicas were scaled to zero by a stop; a start brings them back.</summary>
    public bool Stopped { get; set; }

    public List<Domain> Domains { get; } = [];
    public List<EnvironmentVariable> Variables { get; } = [];
    public List<Deployment> Deployments { get; } = [];
}
