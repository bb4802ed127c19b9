using System.Collections.Concurrent;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Docker;

/// <summary>
/// The networks of a service (decision 030): its project's network, with its short name as alias; and the panel's
/// container joining that network when it probes replicas from inside a container.
/// </summary>
public sealed partial class ServiceNetworks(
    DockerEngine engine, INetworkOperations networks, INetworkSettings settings, IOptions<DockerOptions> options,
    ILogger<ServiceNetworks> logger)
{
    private readonly ConcurrentDictionary<string, bool> joined = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim findingSelf = new(1, 1);
    private string? self;
    private bool selfKnown;
    private int portWarning;

    private DockerOptions Options => options.Value;

    /// <summary>The networks a new spec of the service attaches to; creates the project's network when it has none yet.</summary>
    public async Task<IReadOnlyList<NetworkAttachmentConfig>> AttachmentsAsync(EngineServiceSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ProjectId is not { } projectId)
        {
            return [new NetworkAttachmentConfig { Target = Options.Network }];
        }

        var name = await networks.EnsureProjectNetworkAsync(projectId, await settings.EncryptNetworksAsync(cancellationToken), cancellationToken);
        var own = new NetworkAttachmentConfig { Target = name, Aliases = spec.NetworkAlias is { } alias ? [alias] : null };
        var further = spec.Networks.Where(n => n != name).Select(n => new NetworkAttachmentConfig { Target = n });
        return await OthersOnlyOnProxyAsync(spec, projectId, name, cancellationToken)
            ? [own, .. further, new NetworkAttachmentConfig { Target = Options.Network }]
            : [own, .. further];
    }

    /// <summary>
    /// While a project moves to its own network (each service at its next deployment), another of its services may still
    /// run on the proxy network only: this one joins that network too, to keep reaching it, and leaves it at a later
    /// deployment once no such service is left.
    /// </summary>
    private async Task<bool> OthersOnlyOnProxyAsync(EngineServiceSpec spec, Guid projectId, string projectNetwork,
        CancellationToken cancellationToken)
    {
        var services = await engine.Client.Swarm.ListServicesAsync(new ServiceListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{EngineLabels.Project}={projectId}"] = true } },
        }, cancellationToken);
        var serviceLabel = spec.Labels.GetValueOrDefault(EngineLabels.Service);
        var others = services.Where(s => s.Spec?.Name != spec.Name
            && (serviceLabel is null || s.Spec?.Labels is null || !s.Spec.Labels.TryGetValue(EngineLabels.Service, out var other) || other != serviceLabel))
            .ToList();
        if (others.Count == 0 || await networks.FindAsync(Options.Network, cancellationToken) is not { } proxy)
        {
            return false;
        }

        var own = await networks.FindAsync(projectNetwork, cancellationToken);
        return others.Any(s =>
        {
            var targets = s.Spec?.TaskTemplate?.Networks?.Select(n => n.Target).ToList() ?? [];
            return targets.Any(t => t == proxy.Id || t == proxy.Name) && !targets.Any(t => t == own?.Id || t == projectNetwork);
        });
    }

    /// <summary>The attachment of a task the panel reaches it by: its project's network, else the proxy network.</summary>
    public (string Name, string Address)? AddressOf(TaskResponse task)
    {
        var attachments = (task.NetworksAttachments ?? [])
            .Where(a => a.Network?.Spec?.Name is not null && a.Addresses is { Count: > 0 })
            .Select(a => (Name: a.Network!.Spec!.Name!, Address: a.Addresses![0].Split('/')[0]))
            .ToList();
        foreach (var attachment in attachments.Where(a => ProjectNetworkNames.IsProjectNetwork(Options.Network, a.Name)))
        {
            return attachment;
        }

        foreach (var attachment in attachments.Where(a => a.Name == Options.Network))
        {
            return attachment;
        }

        return null;
    }

    /// <summary>Whether this process runs in a container on the proxy network (it has an address in its subnets).</summary>
    public async Task<bool> InProxyNetworkAsync(CancellationToken cancellationToken) =>
        await networks.FindAsync(Options.Network, cancellationToken) is { } proxy && ProxyNetworkAddress.FindLocal(proxy.Subnets) is not null;

    /// <summary>
    /// Connects the panel's own container to <paramref name="network"/>, once, so that it can probe the replicas there.
    /// Nothing happens when the panel does not run in a container on the proxy network.
    /// </summary>
    public async Task JoinForProbesAsync(string network, CancellationToken cancellationToken)
    {
        if (network == Options.Network || joined.ContainsKey(network) || await SelfAsync(cancellationToken) is not { } container)
        {
            return;
        }

        if (!Options.IsolatePanelPort && Interlocked.Exchange(ref portWarning, 1) == 0)
        {
            LogPortNotIsolated(Options.Network);
        }

        await networks.ConnectAsync(container, network, cancellationToken);
        joined[network] = true;
        LogJoined(network);
    }

    /// <summary>The panel's container: the one on the proxy network at one of this machine's own addresses.</summary>
    private async Task<string?> SelfAsync(CancellationToken cancellationToken)
    {
        if (selfKnown)
        {
            return self;
        }

        await findingSelf.WaitAsync(cancellationToken);
        try
        {
            if (!selfKnown && await networks.FindAsync(Options.Network, cancellationToken) is { } proxy)
            {
                var address = ProxyNetworkAddress.FindLocal(proxy.Subnets)?.ToString();
                self = address is null ? null : proxy.ContainerAddresses.FirstOrDefault(c => c.Value == address).Key;
                selfKnown = true;
            }

            return self;
        }
        finally
        {
            findingSelf.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The panel's container joined the project network {Network} to probe its replicas")]
    private partial void LogJoined(string network);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker:IsolatePanelPort is off: the panel's port is reachable from the project networks its container joins for health probes. Turn it on, so the panel listens only on its address on {ProxyNetwork} and on loopback")]
    private partial void LogPortNotIsolated(string proxyNetwork);
}
