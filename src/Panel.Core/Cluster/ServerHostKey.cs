namespace DropIt.Panel.Core.Cluster;

/// <summary>A server's SSH host key the admin accepted on first use; later connections must present the same one.</summary>
public sealed class ServerHostKey
{
    public const int HostMaxLength = 253;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The host as the admin typed it (lower case).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; }

    /// <summary>The key's algorithm, <c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, ...</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>OpenSSH's form: <c>SHA256:</c> and the unpadded base64 of the key's SHA-256.</summary>
    public string Fingerprint { get; set; } = "";

    public DateTimeOffset AcceptedAt { get; set; }

    public string AcceptedBy { get; set; } = "";
}
