using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>Swarm services through the Docker Engine API (Docker.DotNet), each on its project's network (decision 030).</summary>
public sealed class SwarmOperations(DockerEngine engine, ServiceNetworks networks, EngineSecurity security, IOptions<DockerOptions> options)
    : ISwarmOperations
{
    private const string GatewayBridge = "docker_gwbridge";
    private readonly SemaphoreSlim readyLock = new(1, 1);
    private bool ready;
    private ProbeRoute? resolvedRoute;
    private string? localNodeId;
    private IReadOnlyDictionary<string, string> nodeNames = new Dictionary<string, string>();

    private IDockerClient Client => engine.Client;
    private DockerOptions Options => options.Value;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (ready)
        {
            return;
        }

        await readyLock.WaitAsync(cancellationToken);
        try
        {
            if (!ready)
            {
                await EnsureSwarmAsync(cancellationToken);
                await EnsureNetworkAsync(cancellationToken);
                ready = true;
            }
        }
        finally
        {
            readyLock.Release();
        }
    }

    private async Task EnsureSwarmAsync(CancellationToken cancellationToken)
    {
        var info = await Client.System.GetSystemInfoAsync(cancellationToken);
        if (info.Swarm?.LocalNodeState is "active")
        {
            if (info.Swarm.ControlAvailable != true)
            {
                throw new EngineException("This Docker engine is a swarm worker; point Docker:Endpoint at a manager node.");
            }

            return;
        }

        var init = new SwarmInitParameters { ListenAddr = "0.0.0.0:2377" };
        if (!string.IsNullOrWhiteSpace(Options.AdvertiseAddress))
        {
            init.AdvertiseAddr = Options.AdvertiseAddress;
        }

        try
        {
            await Client.Swarm.InitSwarmAsync(init, cancellationToken);
        }
        catch (DockerApiException)
        {
            // Another caller may have initialised it at the same moment; anything else is a real failure.
            if ((await Client.System.GetSystemInfoAsync(cancellationToken)).Swarm?.LocalNodeState is not "active")
            {
                throw;
            }
        }
    }

    private async Task EnsureNetworkAsync(CancellationToken cancellationToken)
    {
        var networks = await Client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);
        var existing = networks.FirstOrDefault(n => n.Name == Options.Network);
        if (existing is not null)
        {
            if (existing.Driver != "overlay")
            {
                throw new EngineException(
                    $"The Docker network \"{Options.Network}\" exists with driver {existing.Driver}; remove it or set Docker:Network to another name.");
            }

            return;
        }

        try
        {
            await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = Options.Network,
                Driver = "overlay",
                Attachable = true,
                Labels = new Dictionary<string, string> { [EngineLabels.Managed] = "true" },
            }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created by another caller at the same moment.
        }
    }

    public async Task CreateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken) =>
        await Client.Swarm.CreateServiceAsync(WithAuth(new ServiceCreateParameters { Service = await SwarmSpecAsync(spec, cancellationToken) },
            spec.RegistryAuth), cancellationToken);

    /// <summary>
    /// The X-Registry-Auth every node pulls the image with (decision 063), kept by Swarm for the service's tasks; without
    /// one, an update keeps the auth the service has.
    /// </summary>
    private static ServiceCreateParameters WithAuth(ServiceCreateParameters parameters, RegistryLogin? login)
    {
        if (login is not null)
        {
            parameters.RegistryAuth = new AuthConfig { ServerAddress = login.Server, Username = login.Username, Password = login.Password };
        }

        return parameters;
    }

    private static ServiceUpdateParameters WithAuth(ServiceUpdateParameters parameters, RegistryLogin? login)
    {
        if (login is not null)
        {
            parameters.RegistryAuth = new AuthConfig { ServerAddress = login.Server, Username = login.Username, Password = login.Password };
        }

        return parameters;
    }

    private async Task<ServiceSpec> SwarmSpecAsync(EngineServiceSpec spec, CancellationToken cancellationToken)
    {
        var swarmSpec = SwarmSpecs.From(spec, Options, await networks.AttachmentsAsync(spec, cancellationToken),
            await security.SupportedAsync(cancellationToken));
        if (spec.HealthCheck is null && spec.ImageHealthCheckStartPeriod is { } startPeriod)
        {
            swarmSpec.TaskTemplate!.ContainerSpec!.Healthcheck = EarlyHealthCheck.For(await ImageHealthCheckAsync(spec.Image, cancellationToken),
                startPeriod, (await engine.ApiAsync(cancellationToken)).Negotiated, TimeSpan.FromSeconds(Options.OldEngineHealthIntervalSeconds));
        }

        return swarmSpec;
    }

    /// <summary>The image's HEALTHCHECK; null when it has none or this host does not have the image.</summary>
    private async Task<HealthcheckConfig?> ImageHealthCheckAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return (await Client.Images.InspectImageAsync(image, cancellationToken)).Config?.Healthcheck;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<ServiceHardening> HardeningAsync(CancellationToken cancellationToken) => security.SupportedAsync(cancellationToken);

    public async Task UpdateServiceAsync(EngineServiceSpec spec, CancellationToken cancellationToken)
    {
        var current = await Client.Swarm.InspectServiceAsync(spec.Name, cancellationToken);
        var next = await SwarmSpecAsync(spec, cancellationToken);
        // A new task even when nothing in the spec changed: an update is a restart, and the caller waits for that task.
        next.TaskTemplate!.ForceUpdate = current.Spec!.TaskTemplate!.ForceUpdate + 1;
        await Client.Swarm.UpdateServiceAsync(current.ID, WithAuth(new ServiceUpdateParameters
        {
            Service = next,
            Version = VersionOf(current),
        }, spec.RegistryAuth), cancellationToken);
    }

    public async Task<bool> RollbackAsync(string serviceName, CancellationToken cancellationToken)
    {
        var current = await Client.Swarm.InspectServiceAsync(serviceName, cancellationToken);
        if (current.PreviousSpec is null)
        {
            return false;
        }

        // The version goes back, not the network: a service moved to its project's network stays there (decision 030).
        current.PreviousSpec.TaskTemplate!.Networks = current.Spec!.TaskTemplate!.Networks;
        await Client.Swarm.UpdateServiceAsync(current.ID, new ServiceUpdateParameters
        {
            Service = current.PreviousSpec,
            Version = VersionOf(current),
        }, cancellationToken);
        return true;
    }

    public async Task<ServiceRollout?> InspectRolloutAsync(string serviceName, CancellationToken cancellationToken)
    {
        try
        {
            var service = await Client.Swarm.InspectServiceAsync(serviceName, cancellationToken);
            return new ServiceRollout(service.Version?.Index ?? 0, service.UpdateStatus?.State, service.UpdateStatus?.Message);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<LiveTaskSpec?> InspectTaskSpecAsync(string serviceName, CancellationToken cancellationToken)
    {
        SwarmService service;
        try
        {
            service = await Client.Swarm.InspectServiceAsync(serviceName, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        var container = service.Spec!.TaskTemplate!.ContainerSpec!;
        var names = new List<string>();
        foreach (var attachment in service.Spec.TaskTemplate.Networks ?? [])
        {
            // The spec names networks by id; the panel's specs name them, and the proxy network is the panel's to attach.
            var network = await Client.Networks.InspectNetworkAsync(attachment.Target!, cancellationToken);
            if (network.Name != Options.Network)
            {
                names.Add(network.Name);
            }
        }

        var files = (container.Secrets ?? []).Select(r => new FileMount(r.SecretName!, r.File!.Name!, IsSecret: true, r.File.Mode) { Id = r.SecretID })
            .Concat((container.Configs ?? []).Where(r => r.File is not null)
                .Select(r => new FileMount(r.ConfigName!, r.File!.Name!, IsSecret: false, r.File.Mode) { Id = r.ConfigID }))
            .ToList();
        return new LiveTaskSpec(container.Image ?? "", container.Env?.ToList() ?? [], names, files);
    }

    public async Task<IReadOnlyList<Replica>> ListReplicasAsync(string serviceName, CancellationToken cancellationToken)
    {
        var tasks = await Client.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceName] = true } },
        }, cancellationToken);
        var local = await LocalNodeIdAsync(cancellationToken);
        if (tasks.Any(t => t.NodeID is { Length: > 0 } node && node != local && !nodeNames.ContainsKey(node)))
        {
            nodeNames = (await Client.Swarm.ListNodesAsync(cancellationToken))
                .ToDictionary(n => n.ID!, n => n.Description?.Hostname ?? n.ID!, StringComparer.Ordinal);
        }

        return tasks
            .Where(t => t.ServiceID is not null)
            .OrderBy(t => t.Slot).ThenByDescending(t => t.CreatedAt)
            .Select(t => new Replica(
                t.ID,
                (int)(t.Slot ?? 0),
                StateName(t.Status?.State),
                StateName(t.DesiredState),
                t.Status?.ContainerStatus?.ContainerID is { Length: > 0 } containerId ? containerId : null,
                NetworkAddress(t),
                t.Status?.Message,
                t.Status?.Err is { Length: > 0 } error ? error : null,
                t.Status?.ContainerStatus?.ExitCode)
            {
                NodeId = t.NodeID,
                NetworkName = networks.AddressOf(t)?.Name,
                OnOtherNode = local is not null && t.NodeID is { Length: > 0 } node && node != local,
                NodeName = t.NodeID is { Length: > 0 } id ? nodeNames.GetValueOrDefault(id, id) : null,
            })
            .ToList();
    }

    /// <summary>The swarm node of the panel's engine, asked once; null outside a swarm.</summary>
    public async Task<string?> LocalNodeIdAsync(CancellationToken cancellationToken)
    {
        if (localNodeId is null && (await Client.System.GetSystemInfoAsync(cancellationToken)).Swarm?.NodeID is { Length: > 0 } id)
        {
            localNodeId = id;
        }

        return localNodeId;
    }

    private string? NetworkAddress(TaskResponse task) => networks.AddressOf(task)?.Address;

    private static string StateName(TaskState? state) => state?.ToString().ToLowerInvariant() ?? "unknown";

    /// <summary>The version an update of <paramref name="service"/> must name (Swarm refuses an update of an older one).</summary>
    internal static long VersionOf(SwarmService service) => (long)(service.Version?.Index ?? 0);

    public async Task RemoveServiceAsync(string serviceName, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Swarm.RemoveServiceAsync(serviceName, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public async Task WaitContainersGoneAsync(string serviceName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var filter = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.name={serviceName}"] = true },
            },
        };
        IList<ContainerListResponse> left;
        while ((left = await Client.Containers.ListContainersAsync(filter, cancellationToken)).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                // Never reported as gone while it is not: a caller may be about to start another server on its volume.
                throw new EngineException(
                    $"{left.Count} container(s) of {serviceName} were still there {timeout.TotalSeconds:0} s after it was removed " +
                    $"({string.Join(", ", left.Select(c => $"{c.ID[..12]} {c.State}"))}). Nothing new was started on its volumes; " +
                    "check the Docker engine (docker ps -a), then deploy again.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public async Task ScaleAsync(string serviceName, int replicas, CancellationToken cancellationToken) =>
        await UpdateAsync(serviceName, spec => spec.Mode!.Replicated!.Replicas = (ulong)replicas, cancellationToken);

    public async Task RestartAsync(string serviceName, CancellationToken cancellationToken) =>
        await UpdateAsync(serviceName, spec => spec.TaskTemplate!.ForceUpdate++, cancellationToken);

    private async Task UpdateAsync(string serviceName, Action<ServiceSpec> change, CancellationToken cancellationToken)
    {
        var service = await Client.Swarm.InspectServiceAsync(serviceName, cancellationToken);
        change(service.Spec!);
        await Client.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters
        {
            Service = service.Spec!,
            Version = VersionOf(service),
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<EngineService>> ListPanelServicesAsync(CancellationToken cancellationToken)
    {
        if ((await Client.System.GetSystemInfoAsync(cancellationToken)).Swarm?.LocalNodeState is not "active")
        {
            return []; // No swarm yet: the panel has created nothing.
        }

        var services = await Client.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{EngineLabels.Managed}=true"] = true } },
        }, cancellationToken);
        return services.Select(s => new EngineService(
                s.ID,
                s.Spec?.Name ?? s.ID,
                GuidLabel(s.Spec?.Labels, EngineLabels.Service),
                GuidLabel(s.Spec?.Labels, EngineLabels.Deployment),
                (int)(s.Spec?.Mode?.Replicated?.Replicas ?? 0)))
            .ToList();
    }

    private static Guid? GuidLabel(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) && Guid.TryParse(value, out var id) ? id : null;

    public async Task<string?> ProbeAddressAsync(Replica replica, CancellationToken cancellationToken)
    {
        var route = Options.ProbeRoute == ProbeRoute.Auto ? resolvedRoute ??= await ResolveRouteAsync(cancellationToken) : Options.ProbeRoute;

        if (route == ProbeRoute.GatewayBridge && replica.OnOtherNode)
        {
            // The gateway bridge is the panel's own server's: a replica elsewhere has no address on it.
            throw new ReplicaUnreachableException(
                $"replica {replica.Slot} runs on {replica.NodeName ?? replica.NodeId}, another server, and the panel probes replicas over " +
                "its own server's docker_gwbridge (Docker:ProbeRoute GatewayBridge), which reaches none there. Run the panel in its " +
                "container on the proxy network (Docker:ProbeRoute ServiceNetwork, as the installer does), or use the image's " +
                "HEALTHCHECK (health check mode image), or keep this service on the panel's server with a placement constraint");
        }

        if (route == ProbeRoute.ServiceNetwork || replica.ContainerId is null)
        {
            if (route == ProbeRoute.ServiceNetwork && replica.NetworkName is { } network)
            {
                await networks.JoinForProbesAsync(network, cancellationToken);
            }

            return replica.NetworkAddress;
        }

        var bridge = await Client.Networks.InspectNetworkAsync(GatewayBridge, cancellationToken);
        return bridge.Containers is not null && bridge.Containers.TryGetValue(replica.ContainerId, out var endpoint)
            ? endpoint.IPv4Address?.Split('/')[0]
            : null;
    }

    /// <summary>Over the project networks when the panel runs in a container on the proxy network, else the gateway bridge.</summary>
    private async Task<ProbeRoute> ResolveRouteAsync(CancellationToken cancellationToken) =>
        await networks.InProxyNetworkAsync(cancellationToken) ? ProbeRoute.ServiceNetwork : ProbeRoute.GatewayBridge;

    public async Task<string?> ContainerHealthAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = await Client.Containers.InspectContainerAsync(containerId, cancellationToken);
        return container.State?.Health?.Status;
    }
}

/// <summary>A replica the panel cannot reach from where it runs; the message says why and what to do.</summary>
public sealed class ReplicaUnreachableException(string message) : Exception(message);

/// <summary>Raised when the Docker engine cannot do what the panel needs; the message says what to do.</summary>
public sealed class EngineException(string message, Exception? inner = null) : Exception(message, inner);
