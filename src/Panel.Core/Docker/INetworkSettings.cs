namespace DropIt.Panel.Core.Docker;

/// <summary>The admin's choice about the networks the panel creates (Settings → General).</summary>
public interface INetworkSettings
{
    /// <summary>Whether a new project network is encrypted (IPsec between the swarm's nodes).</summary>
    Task<bool> EncryptNetworksAsync(CancellationToken cancellationToken);
}
