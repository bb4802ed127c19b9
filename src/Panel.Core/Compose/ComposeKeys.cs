namespace DropIt.Panel.Core.Compose;

/// <summary>Which keys of a compose file the panel deploys, and why the others are refused.</summary>
internal static class ComposeKeys
{
    public static readonly IReadOnlySet<string> TopLevel = new HashSet<string>(StringComparer.Ordinal)
    {
        "version", "name", "services", "volumes", "networks", "secrets", "configs",
    };

    /// <summary>Service keys Docker 20.10's <c>docker stack deploy</c> applies, copied as written.</summary>
    public static readonly IReadOnlySet<string> CopiedServiceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "image", "command", "entrypoint", "environment", "user", "working_dir", "stop_grace_period", "stop_signal",
        "tmpfs", "ulimits", "sysctls", "init", "hostname", "extra_hosts", "logging", "secrets", "configs",
        "cap_drop", "dns", "dns_search", "domainname", "read_only", "stdin_open", "tty", "expose", "ports",
    };

    /// <summary>Service keys the panel reads and rewrites (or drops) itself.</summary>
    public static readonly IReadOnlySet<string> RewrittenServiceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "build", "depends_on", "healthcheck", "volumes", "labels", "deploy", "restart", "networks",
    };

    private const string Resources = "set the limits under deploy.resources.limits (cpus, memory) and reservations under deploy.resources.reservations";

    private static readonly Dictionary<string, string> RefusedServiceKeys = new(StringComparer.Ordinal)
    {
        ["container_name"] = "Swarm names the tasks itself; a fixed name would stop a second replica and zero-downtime updates. Remove it: other services reach this one by its service name",
        ["network_mode"] = "a service on the host network, or in another container's network, cannot be routed or isolated by the panel. Remove it: the services of the file share a network and reach each other by name",
        ["privileged"] = "a privileged container has full access to the host. Remove it",
        ["devices"] = "host devices tie the service to one machine and give it access to the host. Remove them",
        ["pid"] = "sharing the host's processes gives the container access to the host. Remove it",
        ["ipc"] = "sharing the host's (or another container's) IPC namespace is not isolated and Swarm does not apply it. Remove it",
        ["cap_add"] = "added capabilities widen what the container can do on the host. Swarm services run with Docker's default capabilities; cap_drop is allowed to remove some. Remove cap_add",
        ["security_opt"] = "Swarm does not apply it, and it can loosen the container's confinement. Remove it",
        ["userns_mode"] = "Swarm does not apply it. Remove it",
        ["cgroup_parent"] = "Swarm does not apply it. Remove it",
        ["extends"] = "the panel reads one file. Copy the keys of the extended service into this one (YAML anchors and <<: merge keys are read)",
        ["links"] = "every service of the file reaches the others by their service name. Remove it and use the service name as host name",
        ["external_links"] = "a service reaches only the services of its own file and of its project. Remove it",
        ["volumes_from"] = "Swarm does not share volumes between containers this way. Declare a named volume and mount it in both services",
        ["mem_limit"] = Resources,
        ["memswap_limit"] = Resources,
        ["mem_reservation"] = Resources,
        ["cpus"] = Resources,
        ["cpu_shares"] = Resources,
        ["cpu_quota"] = Resources,
        ["cpu_period"] = Resources,
        ["cpuset"] = Resources,
        ["cpu_count"] = Resources,
        ["cpu_percent"] = Resources,
        ["pids_limit"] = Resources,
        ["scale"] = "set the number of tasks with deploy.replicas",
        ["env_file"] = "the panel deploys the file without the files next to it. List the variables under environment:, with ${VAR} values taken from the service's .env",
        ["shm_size"] = "Swarm does not apply it. Mount a tmpfs at /dev/shm instead (tmpfs: [/dev/shm])",
        ["profiles"] = "every service of the file is deployed. Remove the services you do not want, or the key",
        ["platform"] = "the panel builds and runs images for this machine's platform. Remove it",
        ["pull_policy"] = "the panel pulls images itself (and builds those with build:). Remove it",
        ["mac_address"] = "Swarm does not apply it. Remove it",
        ["isolation"] = "Swarm on Linux does not apply it. Remove it",
        ["storage_opt"] = "Swarm does not apply it. Remove it",
        ["oom_score_adj"] = "Swarm does not apply it. Remove it",
        ["oom_kill_disable"] = "Swarm does not apply it. Remove it",
        ["runtime"] = "Swarm does not apply it. Remove it",
        ["gpus"] = "the panel does not hand GPUs to services. Remove it",
        ["group_add"] = "Docker 20.10's docker stack deploy does not know it. Remove it",
        ["credential_spec"] = "it applies to Windows services only. Remove it",
    };

    public static string? RefusalReason(string key) => RefusedServiceKeys.GetValueOrDefault(key);

    public static readonly IReadOnlySet<string> HealthCheckKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "test", "interval", "timeout", "retries", "start_period", "start_interval", "disable",
    };

    public static readonly IReadOnlySet<string> DeployKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "mode", "endpoint_mode", "replicas", "labels", "rollback_config", "update_config", "resources",
        "restart_policy", "placement", "max_replicas_per_node",
    };

    public static readonly IReadOnlySet<string> BuildKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "context", "dockerfile", "args", "target",
    };

    public static readonly IReadOnlySet<string> DependsOnConditions = new HashSet<string>(StringComparer.Ordinal)
    {
        "service_started", "service_healthy", "service_completed_successfully",
    };
}
