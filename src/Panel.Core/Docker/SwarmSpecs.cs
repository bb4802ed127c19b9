using Docker.DotNet.Models;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// Turns the panel's <see cref="EngineServiceSpec"/> into a Swarm service spec, on the given networks, with what
/// the engine enforces (<see cref="ServiceHardening"/>) unless the service opted out.
/// </summary>
internal static class SwarmSpecs
{
    private const long NanosPerSecond = 1_000_000_000;
    private const string NetRaw = "CAP_NET_RAW";

    public static ServiceSpec From(EngineServiceSpec spec, DockerOptions options, IReadOnlyList<NetworkAttachmentConfig> networks,
        ServiceHardening hardening) => new()
    {
        Name = spec.Name,
        Labels = new Dictionary<string, string>(spec.Labels),
        Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)spec.Replicas } },
        EndpointSpec = new EndpointSpec
        {
            Mode = options.EndpointMode,
            Ports = spec.Ports.Select(p => new PortConfig
            {
                Protocol = "tcp",
                PublishMode = "host",
                PublishedPort = (uint)p.HostPort,
                TargetPort = (uint)p.ContainerPort,
            }).ToList(),
        },
        UpdateConfig = Update(spec.UpdateOrder),
        RollbackConfig = new SwarmUpdateConfig { Order = Order(spec.UpdateOrder), Parallelism = 1, FailureAction = "pause" },
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = new ContainerSpec
            {
                Image = spec.Image,
                Env = spec.Environment.ToList(),
                Labels = new Dictionary<string, string>(spec.Labels),
                Mounts = spec.Volumes.Select(v => Mount(v, spec.Labels)).ToList(),
                StopGracePeriod = TimeSpan.FromSeconds(Math.Floor(spec.StopGracePeriod.TotalSeconds)),
                Command = spec.Entrypoint?.ToList(),
                Args = spec.Args?.ToList(),
                Secrets = spec.Files.Where(f => f.IsSecret).Select(f => new SecretReference
                {
                    SecretName = f.Name,
                    SecretID = f.Id!,
                    File = new SecretReferenceFileTarget { Name = f.Path, UID = "0", GID = "0", Mode = f.Mode },
                }).ToList(),
                Configs = spec.Files.Where(f => !f.IsSecret).Select(f => new SwarmConfigReference
                {
                    ConfigName = f.Name,
                    ConfigID = f.Id!,
                    File = new ConfigReferenceFileTarget { Name = f.Path, UID = "0", GID = "0", Mode = f.Mode },
                }).ToList(),
                CapabilityDrop = !spec.RelaxedSecurity && hardening.DropsNetRaw ? [NetRaw] : null,
                Privileges = !spec.RelaxedSecurity && hardening.NoNewPrivileges ? new Privileges { NoNewPrivileges = true } : null,
                Healthcheck = spec.HealthCheck is { } check ? new HealthcheckConfig
                {
                    Test = ["CMD-SHELL", check.ShellCommand],
                    Interval = check.Interval,
                    Timeout = check.Timeout,
                    Retries = check.Retries,
                    StartPeriod = TimeSpan.FromMilliseconds(Math.Floor(check.StartPeriod.TotalMilliseconds)),
                } : null,
            },
            Placement = spec.Constraints.Count == 0 && spec.Spreads.Count == 0 ? null : new Placement
            {
                Constraints = spec.Constraints.ToList(),
                Preferences = spec.Spreads.Select(s => new PlacementPreference { Spread = new SpreadOver { SpreadDescriptor = s } }).ToList(),
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
                Delay = TimeSpan.FromSeconds(2),
            },
            Networks = networks.ToList(),
        },
    };

    private static SwarmUpdateConfig Update(UpdateOrder order) => new()
    {
        Order = Order(order),
        Parallelism = 1,
        FailureAction = "rollback",
        Monitor = TimeSpan.FromSeconds(5),
    };

    private static string Order(UpdateOrder order) => order == UpdateOrder.StopFirst ? "stop-first" : "start-first";

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
