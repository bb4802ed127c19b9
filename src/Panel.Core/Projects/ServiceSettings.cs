namespace DropIt.Panel.Core.Projects;

public enum SourceType
{
    Image,
    Git,
    Upload,
}

public sealed class ApplicationSettings
{
    public SourceType SourceType { get; set; }
    public string? Image { get; set; }
    public string? GitUrl { get; set; }
    public string? GitBranch { get; set; }
    public string? DockerfilePath { get; set; }
    public string? BuildContext { get; set; }
    public Guid? RegistryCredentialId { get; set; }
    public int? Port { get; set; }
    public string? HealthCheckPath { get; set; }
    public int HealthCheckIntervalSeconds { get; set; } = 10;
    public int HealthCheckTimeoutSeconds { get; set; } = 5;
    public int HealthCheckRetries { get; set; } = 3;
    public int HealthCheckStartPeriodSeconds { get; set; }
    public int Replicas { get; set; } = 1;
    public long? MemoryLimitBytes { get; set; }
    public double? CpuLimit { get; set; }
    public string RestartPolicy { get; set; } = "unless-stopped";
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

public sealed class DatabaseSettings
{
    public string Engine { get; set; } = "postgres";
    public string Version { get; set; } = "16";
    public string? VolumeName { get; set; }
}
