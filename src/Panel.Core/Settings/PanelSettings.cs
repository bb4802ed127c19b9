namespace DropIt.Panel.Core.Settings;

/// <summary>The panel's own settings, edited in the UI; a single row.</summary>
public sealed class PanelSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? PanelDomain { get; set; }
    public string? AcmeContactEmail { get; set; }

    /// <summary>The ACME directory certificates come from; Let's Encrypt production by default.</summary>
    public string AcmeDirectoryUrl { get; set; } = AcmeDirectories.LetsEncrypt;

    /// <summary>External Account Binding key id, for CAs that require one (ZeroSSL, Google).</summary>
    public string? AcmeEabKeyId { get; set; }

    /// <summary>External Account Binding HMAC key (base64url), encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? AcmeEabHmacKeyEncrypted { get; set; }

    /// <summary>The ACME account's ES256 key (PEM), encrypted with <see cref="Secrets.ISecretProtector"/>.</summary>
    public string? AcmeAccountKeyEncrypted { get; set; }

    /// <summary>The account URL at <see cref="AcmeDirectoryUrl"/> (the "kid"); reset when the directory changes.</summary>
    public string? AcmeAccountUrl { get; set; }

    /// <summary>Host of the Traefik dashboard, behind basic auth; null: no dashboard route.</summary>
    public string? DashboardDomain { get; set; }

    public List<Routing.BasicAuthUser> DashboardUsers { get; set; } = [];

    /// <summary>Project networks are created with IPsec encryption between nodes (costs some throughput).</summary>
    public bool EncryptNetworks { get; set; }

    /// <summary>Set once, when the first admin is created; setup is closed from then on.</summary>
    public DateTimeOffset? SetupCompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Well-known ACME directories.</summary>
public static class AcmeDirectories
{
    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";
    public const string LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";
}
