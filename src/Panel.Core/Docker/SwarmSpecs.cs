using Docker.DotNet.Models;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Docker;

/// <summary>Turns the panel's <see cref="EngineServiceSpec"/> into a Swarm service spec.</summary>
internal static class SwarmSpecs
{
    private const long NanosPerSecond = 1_000_000_000;

    public static ServiceSpec From(EngineServiceSpec spec, DockerOptions options) => new()
    {
        Name = spec.Name,
        Labels = new Dictionary<string, string>(spec.Labels),
        Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)spec.Replicas } },
        EndpointSpec = new EndpointSpec { Mode = options.EndpointMode },
        UpdateConfig = new SwarmUpdateConfig { Order = "start-first", Parallelism = 1, FailureAction = "rollback" },
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = new ContainerSpec
            {
                Image = spec.Image,
                Env = spec.Environment.ToList(),
                Labels = new Dictionary<string, string>(spec.Labels),
                Mounts = spec.Volumes.Select(v => Mount(v, spec.Labels)).ToList(),
                StopGracePeriod = 10 * NanosPerSecond,
            },
            Resources = new ResourceRequirements
            {
                Limits = new SwarmLimit
                {
                    MemoryBytes = spec.MemoryLimitBytes ?? 0,
                    NanoCPUs = spec.CpuLimit is { } cpus ? (long)(cpus * NanosPerSecond) : 0,
                },
            },
            RestartPolicy = new SwarmRestartPolicy
            {
                Condition = spec.RestartPolicy switch
                {
                    Projects.RestartPolicy.None => "none",
                    Projects.RestartPolicy.OnFailure => "on-failure",
                    _ => "any",
                },
                Delay = 2 * NanosPerSecond,
            },
            Networks = [new NetworkAttachmentConfig { Target = options.Network }],
        },
    };

    private static Mount Mount(VolumeMount volume, IReadOnlyDictionary<string, string> labels) => new()
    {
        Type = volume.Bind ? "bind" : "volume",
        Source = volume.Source,
        Target = volume.Target,
        ReadOnly = volume.ReadOnly,
        VolumeOptions = volume.Bind ? null : new VolumeOptions
        {
            Labels = new Dictionary<string, string>
            {
                [EngineLabels.Managed] = "true",
                [EngineLabels.Service] = labels[EngineLabels.Service],
            },
        },
    };
}
