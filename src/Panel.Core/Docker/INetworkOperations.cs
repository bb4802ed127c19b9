namespace DropIt.Panel.Core.Docker;

/// <summary>The Docker networks of projects and the containers (Traefik, the panel) that join them.</summary>
public interface INetworkOperations
{
    /// <summary>
    /// The project's network, created when missing: an attachable overlay labelled with the project, encrypted (IPsec
    /// between nodes) when <paramref name="encrypted"/>. An existing network keeps how it was created. Its name.
    /// </summary>
    Task<string> EnsureProjectNetworkAsync(Guid projectId, bool encrypted, CancellationToken cancellationToken);

    /// <summary>The network, or null when there is none by that name or id.</summary>
    Task<EngineNetwork?> FindAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the project's network once no service uses it: the containers that merely joined it (Traefik, the panel)
    /// are disconnected first. What happened, with the reason when it stayed.
    /// </summary>
    Task<NetworkRemoval> RemoveProjectNetworkAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>The names of the networks a container is on; null when there is no such container.</summary>
    Task<IReadOnlyList<string>?> ContainerNetworksAsync(string container, CancellationToken cancellationToken);

    /// <summary>Connects the container to the network; nothing happens when it is on it already.</summary>
    Task ConnectAsync(string container, string network, CancellationToken cancellationToken);

    /// <summary>Disconnects the container from the network; nothing happens when it is not on it.</summary>
    Task DisconnectAsync(string container, string network, CancellationToken cancellationToken);
}

/// <summary>A Docker network as the panel needs it: its subnets, labels and the containers on this node attached to it.</summary>
public sealed record EngineNetwork(
    string Id, string Name, string Driver, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<string> Subnets, IReadOnlyDictionary<string, string> ContainerAddresses);

public enum NetworkRemovalState
{
    /// <summary>There was no network.</summary>
    Absent,

    Removed,

    /// <summary>Services still use it: it stays.</summary>
    InUse,
}

public sealed record NetworkRemoval(string Name, NetworkRemovalState State, string? Reason = null);
