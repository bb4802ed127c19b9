using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Applications;

/// <summary>
/// What an admin sets on an application service. On a change, a null field keeps its value; for the
/// secrets (<see cref="GitToken"/>, <see cref="RegistryPassword"/>) an empty string removes them.
/// </summary>
public sealed record ApplicationInput
{
    public string? Name { get; init; }
    public SourceType? SourceType { get; init; }
    public string? Image { get; init; }
    public string? RegistryServer { get; init; }
    public string? RegistryUsername { get; init; }
    public string? RegistryPassword { get; init; }
    public string? GitUrl { get; init; }
    public string? GitBranch { get; init; }
    public string? GitToken { get; init; }
    public string? DockerfilePath { get; init; }
    public string? BuildContext { get; init; }
    public int? Port { get; init; }
    public HealthCheckMode? HealthCheckMode { get; init; }
    public string? HealthCheckPath { get; init; }
    public int? HealthCheckIntervalSeconds { get; init; }
    public int? HealthCheckTimeoutSeconds { get; init; }
    public int? HealthCheckRetries { get; init; }
    public int? HealthCheckStartPeriodSeconds { get; init; }
    public int? Replicas { get; init; }
    public long? MemoryLimitBytes { get; init; }
    public double? CpuLimit { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public List<VolumeMount>? Volumes { get; init; }
    public string? WebhookBranch { get; init; }

    /// <summary>Keep NET_RAW and allow new privileges in the service's containers (<see cref="ApplicationSettings.RelaxedSecurity"/>).</summary>
    public bool? RelaxedSecurity { get; init; }

    /// <summary>See <see cref="ApplicationSettings.ReleaseCommand"/>; an empty string removes it.</summary>
    public string? ReleaseCommand { get; init; }
    public int? ReleaseTimeoutSeconds { get; init; }

    /// <summary>See <see cref="ApplicationSettings.PostDeployCommand"/>; an empty string removes it.</summary>
    public string? PostDeployCommand { get; init; }

    /// <summary>Replaces the placement constraints (decision 058); an empty list removes them.</summary>
    public List<string>? PlacementConstraints { get; init; }

    /// <summary>Replaces the spread preferences (node labels); an empty list removes them.</summary>
    public List<string>? PlacementSpreads { get; init; }
}

/// <summary>An application service as pages and the API show it: no secret, only whether one is set.</summary>
public sealed record ApplicationView(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string Name,
    ServiceStatus Status,
    bool Stopped,
    Guid? LiveDeploymentId,
    ApplicationSettings Settings,
    bool HasGitToken,
    bool HasRegistryPassword,
    string? DeployKeyPublic,
    bool HasWebhookSecret,
    string? WebhookBranch,
    bool HasSourceZip,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
