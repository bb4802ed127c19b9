using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Docker;

/// <summary>What the panel asks Docker to run for one deployment.</summary>
public sealed record EngineServiceSpec(
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Environment,
    int Replicas,
    long? MemoryLimitBytes,
    double? CpuLimit,
    RestartPolicy RestartPolicy,
    IReadOnlyList<VolumeMount> Volumes);

/// <summary>One task (replica) of a Docker service as the panel sees it.</summary>
public sealed record Replica(
    string TaskId,
    int Slot,
    string State,
    string DesiredState,
    string? ContainerId,
    string? NetworkAddress,
    string? Message,
    string? Error,
    long? ExitCode);

/// <summary>A Docker service the panel created, found by its labels.</summary>
public sealed record EngineService(string Id, string Name, Guid? ServiceId, Guid? DeploymentId, int Replicas);

/// <summary>Labels on every Docker object the panel creates.</summary>
public static class EngineLabels
{
    public const string Managed = "dropit.managed";
    public const string Service = "dropit.service";
    public const string Deployment = "dropit.deployment";
    public const string Project = "dropit.project";
}
