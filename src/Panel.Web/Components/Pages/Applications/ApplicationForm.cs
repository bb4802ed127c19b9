using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Web.Components.Pages.Applications;

/// <summary>
/// The editable copy of an application's settings behind the new-application dialog and the settings form.
/// Secrets start empty: an empty secret field keeps the stored value.
/// </summary>
public sealed class ApplicationForm
{
    private const long Megabyte = 1024 * 1024;

    public string? Name { get; set; }
    public SourceType SourceType { get; set; } = SourceType.Git;
    public string? Image { get; set; }
    public string? RegistryServer { get; set; }
    public string? RegistryUsername { get; set; }
    public string? RegistryPassword { get; set; }
    public bool RemoveRegistryPassword { get; set; }
    public string? GitUrl { get; set; }
    public string? GitBranch { get; set; }
    public string? GitToken { get; set; }
    public bool RemoveGitToken { get; set; }
    public string? DockerfilePath { get; set; }
    public string? BuildContext { get; set; }
    public int Port { get; set; }
    public HealthCheckMode HealthCheckMode { get; set; }
    public string? HealthCheckPath { get; set; }
    public int HealthCheckIntervalSeconds { get; set; }
    public int HealthCheckTimeoutSeconds { get; set; }
    public int HealthCheckRetries { get; set; }
    public int HealthCheckStartPeriodSeconds { get; set; }
    public int Replicas { get; set; }
    public int? MemoryLimitMegabytes { get; set; }
    public double? CpuLimit { get; set; }
    public RestartPolicy RestartPolicy { get; set; }
    public List<VolumeRow> Volumes { get; set; } = [];
    public bool RelaxedSecurity { get; set; }
    public string? ReleaseCommand { get; set; }
    public int ReleaseTimeoutSeconds { get; set; } = 600;
    public string? PostDeployCommand { get; set; }

    /// <summary>Placement constraints, one a line (decision 058).</summary>
    public string? PlacementConstraints { get; set; }

    /// <summary>Node labels to spread the replicas over, one a line.</summary>
    public string? PlacementSpreads { get; set; }

    /// <summary>The server that holds the volumes (read only: the panel records it).</summary>
    public string? VolumeNodeId { get; private set; }

    /// <summary>A form holding <paramref name="settings"/>; a new application starts from the defaults.</summary>
    public static ApplicationForm From(ApplicationSettings settings) => new()
    {
        SourceType = settings.SourceType,
        Image = settings.Image,
        RegistryServer = settings.RegistryServer,
        RegistryUsername = settings.RegistryUsername,
        GitUrl = settings.GitUrl,
        GitBranch = settings.GitBranch,
        DockerfilePath = settings.DockerfilePath,
        BuildContext = settings.BuildContext,
        Port = settings.Port,
        HealthCheckMode = settings.HealthCheckMode,
        HealthCheckPath = settings.HealthCheckPath,
        HealthCheckIntervalSeconds = settings.HealthCheckIntervalSeconds,
        HealthCheckTimeoutSeconds = settings.HealthCheckTimeoutSeconds,
        HealthCheckRetries = settings.HealthCheckRetries,
        HealthCheckStartPeriodSeconds = settings.HealthCheckStartPeriodSeconds,
        Replicas = settings.Replicas,
        MemoryLimitMegabytes = settings.MemoryLimitBytes is { } bytes ? (int)(bytes / Megabyte) : null,
        CpuLimit = settings.CpuLimit,
        RestartPolicy = settings.RestartPolicy,
        Volumes = settings.Volumes
            .Select(v => new VolumeRow { Source = v.Source, Target = v.Target, Bind = v.Bind, ReadOnly = v.ReadOnly, Shared = v.Shared })
            .ToList(),
        RelaxedSecurity = settings.RelaxedSecurity,
        ReleaseCommand = settings.ReleaseCommand,
        ReleaseTimeoutSeconds = settings.ReleaseTimeoutSeconds,
        PostDeployCommand = settings.PostDeployCommand,
        PlacementConstraints = string.Join('\n', settings.PlacementConstraints ?? []),
        PlacementSpreads = string.Join('\n', settings.PlacementSpreads ?? []),
        VolumeNodeId = settings.VolumeNodeId,
    };

    public static ApplicationForm New() => From(new ApplicationSettings { SourceType = SourceType.Git });

    /// <summary>The change to send: every field, secrets only when typed (or removed on purpose).</summary>
    public ApplicationInput ToInput() => new()
    {
        Name = Name,
        SourceType = SourceType,
        Image = Image,
        RegistryServer = RegistryServer ?? "",
        RegistryUsername = RegistryUsername ?? "",
        RegistryPassword = RemoveRegistryPassword ? "" : NullWhenEmpty(RegistryPassword),
        GitUrl = GitUrl,
        GitBranch = GitBranch,
        GitToken = RemoveGitToken ? "" : NullWhenEmpty(GitToken),
        DockerfilePath = DockerfilePath,
        BuildContext = BuildContext,
        Port = Port,
        HealthCheckMode = HealthCheckMode,
        HealthCheckPath = HealthCheckPath,
        HealthCheckIntervalSeconds = HealthCheckIntervalSeconds,
        HealthCheckTimeoutSeconds = HealthCheckTimeoutSeconds,
        HealthCheckRetries = HealthCheckRetries,
        HealthCheckStartPeriodSeconds = HealthCheckStartPeriodSeconds,
        Replicas = Replicas,

        // Zero clears a limit.
        MemoryLimitBytes = MemoryLimitMegabytes is { } megabytes ? megabytes * Megabyte : 0,
        CpuLimit = CpuLimit ?? 0,
        RestartPolicy = RestartPolicy,
        Volumes = Volumes
            .Where(v => !string.IsNullOrWhiteSpace(v.Source) || !string.IsNullOrWhiteSpace(v.Target))
            .Select(v => new VolumeMount { Source = v.Source.Trim(), Target = v.Target.Trim(), Bind = v.Bind, ReadOnly = v.ReadOnly, Shared = v.Shared })
            .ToList(),
        RelaxedSecurity = RelaxedSecurity,

        // Empty removes a command.
        ReleaseCommand = ReleaseCommand ?? "",
        ReleaseTimeoutSeconds = ReleaseTimeoutSeconds,
        PostDeployCommand = PostDeployCommand ?? "",
        PlacementConstraints = Lines(PlacementConstraints),
        PlacementSpreads = Lines(PlacementSpreads),
    };

    /// <summary>The non-empty lines of a text field.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? NullWhenEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>One line of the volumes editor.</summary>
public sealed class VolumeRow
{
    public string Source { get; set; } = "";
    public string Target { get; set; } = "";
    public bool Bind { get; set; }
    public bool ReadOnly { get; set; }

    /// <summary>Several containers may use it at once; off, the service keeps data and is replaced stop-first.</summary>
    public bool Shared { get; set; }
}
