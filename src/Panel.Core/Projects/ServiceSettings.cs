namespace DropIt.Panel.Core.Projects;

public enum SourceType
{
    Image,
    Git,
    Upload,
}

/// <summary>How a new version proves it is ready before it receives traffic.</summary>
public enum HealthCheckMode
{
    /// <summary>The panel sends GET <see cref="ApplicationSettings.HealthCheckPath"/> to every replica.</summary>
    Http,

    /// <summary>The image's own HEALTHCHECK, as reported by Docker.</summary>
    Image,

    /// <summary>Running is enough (not recommended: a crashing version may receive traffic).</summary>
    None,
}

/// <summary>Docker Swarm restart conditions.</summary>
public enum RestartPolicy
{
    Any,
    OnFailure,
    None,
}

public sealed class ApplicationSettings
{
    public SourceType SourceType { get; set; }

    // Image source.
    public string? Image { get; set; }
    public string? RegistryServer { get; set; }
    public string? RegistryUsername { get; set; }

    /// <summary>Encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? RegistryPasswordEncrypted { get; set; }

    // Git source.
    public string? GitUrl { get; set; }
    public string GitBranch { get; set; } = "main";

    /// <summary>HTTPS access token, encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? GitTokenEncrypted { get; set; }

    /// <summary>Private half of the SSH deploy key (PEM), encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? DeployKeyPrivateEncrypted { get; set; }

    /// <summary>Public half of the SSH deploy key, in OpenSSH format, to paste into the Git host.</summary>
    public string? DeployKeyPublic { get; set; }

    // Build (Git and upload sources).
    public string DockerfilePath { get; set; } = "Dockerfile";
    public string BuildContext { get; set; } = ".";

    // Runtime.
    public int Port { get; set; } = 80;
    public HealthCheckMode HealthCheckMode { get; set; } = HealthCheckMode.Http;
    public string HealthCheckPath { get; set; } = "/";
    public int HealthCheckIntervalSeconds { get; set; } = 2;
    public int HealthCheckTimeoutSeconds { get; set; } = 5;
    public int HealthCheckRetries { get; set; } = 3;
    public int HealthCheckStartPeriodSeconds { get; set; } = 60;
    public int Replicas { get; set; } = 1;
    public long? MemoryLimitBytes { get; set; }
    public double? CpuLimit { get; set; }
    public RestartPolicy RestartPolicy { get; set; } = RestartPolicy.Any;
    public List<VolumeMount> Volumes { get; set; } = [];

    /// <summary>
    /// Opts the service out of the hardening of its containers (decision 030): they keep NET_RAW (raw sockets, ping) and
    /// may gain privileges through setuid programs. For the rare image that needs either.
    /// </summary>
    public bool RelaxedSecurity { get; set; }

    /// <summary>
    /// Run once per deployment from the new image, before the new version takes traffic (decision 042), e.g.
    /// <c>pnpm migration:run</c>: as <c>/bin/sh -c &lt;command&gt;</c>. A non-zero exit fails the deployment.
    /// </summary>
    public string? ReleaseCommand { get; set; }

    /// <summary>How long the release command may run before the deployment fails.</summary>
    public int ReleaseTimeoutSeconds { get; set; } = 600;

    /// <summary>Run once from the new image after the switch; its failure is reported, nothing is rolled back.</summary>
    public string? PostDeployCommand { get; set; }

    /// <summary>Swarm placement constraints (decision 058), e.g. <c>node.labels.region==eu</c>, <c>node.role==worker</c>.</summary>
    public List<string> PlacementConstraints { get; set; } = [];

    /// <summary>Node labels the replicas are spread over (Swarm's <c>spread=node.labels.zone</c>), as <c>node.labels.zone</c>.</summary>
    public List<string> PlacementSpreads { get; set; } = [];

    /// <summary>
    /// The swarm node that holds the service's volumes, recorded when it first ran with them: a local volume lives on
    /// one server, so the service stays pinned to it (decision 058).
    /// </summary>
    public string? VolumeNodeId { get; set; }
}

/// <summary>A named volume or a host folder mounted into the containers.</summary>
public sealed class VolumeMount
{
    /// <summary>Volume name, or an absolute host path when <see cref="Bind"/> is set.</summary>
    public required string Source { get; set; }

    /// <summary>Absolute path inside the container.</summary>
    public required string Target { get; set; }

    public bool Bind { get; set; }
    public bool ReadOnly { get; set; }

    /// <summary>
    /// The admin declared that several containers may use this mount at once (read-only assets, say): the service
    /// may then run more than one replica and redeploys start-first. Without it, a service with a volume is replaced
    /// stop-first, one replica, so two processes never write the same data.
    /// </summary>
    public bool Shared { get; set; }
}

public sealed class StaticSiteSettings
{
    public bool SpaMode { get; set; } = true;
    public string? NotFoundPage { get; set; }
    public int KeepReleases { get; set; } = 10;
    /// <summary>Extra response headers (a Content-Security-Policy, say), in the order they are sent.</summary>
    public List<ResponseHeader> ResponseHeaders { get; set; } = [];
}

public sealed class ResponseHeader
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
