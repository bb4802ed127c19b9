using System.Security.Cryptography;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Renci.SshNet;

namespace DropIt.Panel.Core.Cluster;

/// <summary>The panel's own SSH key pair for adding servers: one row, made once (decision 059).</summary>
public sealed class ServerSshKey
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The Ed25519 private key (PKCS#8 PEM), encrypted with <see cref="ISecretProtector"/>.</summary>
    public string PrivateKeyEncrypted { get; set; } = "";

    /// <summary>The public key as one authorized_keys line: <c>ssh-ed25519 AAAA... dropit-panel</c>.</summary>
    public string PublicKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an admin copies into a server's <c>~/.ssh/authorized_keys</c>.</summary>
public sealed record PanelSshPublicKey(string PublicKey, string Fingerprint);

/// <summary>Makes the panel's SSH key pair on first use and opens it for a connection.</summary>
public sealed class ServerKeys(IPanelDbContext db, ISecretProtector protector, TimeProvider clock)
{
    public const string Comment = "dropit-panel";

    // PKCS#8 PrivateKeyInfo of an Ed25519 key (RFC 8410) up to its 32-byte seed.
    private static readonly byte[] Pkcs8Ed25519Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    public async Task<PanelSshPublicKey> PublicKeyAsync(CancellationToken cancellationToken)
    {
        var key = await GetOrCreateAsync(cancellationToken);
        return new PanelSshPublicKey(key.PublicKey, JoinFingerprints.OfPublicKeyLine(key.PublicKey));
    }

    /// <summary>The private key, ready for SSH.NET; the caller disposes it.</summary>
    public async Task<PrivateKeyFile> OpenAsync(CancellationToken cancellationToken)
    {
        var key = await GetOrCreateAsync(cancellationToken);
        return Load(protector.Unprotect(key.PrivateKeyEncrypted));
    }

    private async Task<ServerSshKey> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        var existing = await db.ServerSshKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == ServerSshKey.SingletonId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var pem = NewPrivateKeyPem();
        using var file = Load(pem);
        var created = new ServerSshKey
        {
            PrivateKeyEncrypted = protector.Protect(pem),
            PublicKey = PublicKeyLine(file),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ServerSshKeys.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
        catch (DbUpdateException)
        {
            // Another request made it first: keep that one.
            db.ServerSshKeys.Entry(created).State = EntityState.Detached;
            return await db.ServerSshKeys.AsNoTracking().FirstAsync(k => k.Id == ServerSshKey.SingletonId, cancellationToken);
        }
    }

    /// <summary>A new Ed25519 private key: 32 random bytes are the whole secret.</summary>
    internal static string NewPrivateKeyPem()
    {
        var der = new byte[Pkcs8Ed25519Prefix.Length + 32];
        Pkcs8Ed25519Prefix.CopyTo(der, 0);
        RandomNumberGenerator.Fill(der.AsSpan(Pkcs8Ed25519Prefix.Length));
        var pem = PemEncoding.WriteString("PRIVATE KEY", der);
        CryptographicOperations.ZeroMemory(der);
        return pem + "\n";
    }

    internal static PrivateKeyFile Load(string pem)
    {
        using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(pem));
        return new PrivateKeyFile(stream);
    }

    internal static string PublicKeyLine(PrivateKeyFile file)
    {
        var algorithm = file.HostKeyAlgorithms.First();
        return $"{algorithm.Name} {Convert.ToBase64String(algorithm.Data)} {Comment}";
    }
}
