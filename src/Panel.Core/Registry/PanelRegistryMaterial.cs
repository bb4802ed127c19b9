using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DropIt.Panel.Core.Registry;

/// <summary>A certificate and its private key, both PEM (the key PKCS#8).</summary>
public sealed record PemPair(string CertificatePem, string KeyPem)
{
    /// <summary>Never the key.</summary>
    public override string ToString() => "certificate and key (PEM)";
}

/// <summary>
/// What the panel's registry is made of (decision 062): the panel's own certificate authority, the registry's server
/// certificate issued by it for the manager's address, and the htpasswd line of its one user (bcrypt: distribution
/// accepts no other hash).
/// </summary>
public static class PanelRegistryMaterial
{
    public const string UserName = "dropit";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public static PemPair NewAuthority(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=DropIt Panel registry CA, O=DropIt Panel", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        return new PemPair(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A server certificate for <paramref name="host"/> (an IP address or a DNS name), signed by <paramref name="authority"/>.</summary>
    public static PemPair IssueServer(PemPair authority, string host, DateTimeOffset now)
    {
        using var ca = X509Certificate2.CreateFromPem(authority.CertificatePem, authority.KeyPem);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build(true));
        var notAfter = now.AddYears(2) < ca.NotAfter ? now.AddYears(2) : new DateTimeOffset(ca.NotAfter);
        using var certificate = request.Create(ca, now.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        return new PemPair(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A new password: 32 letters and digits (about 190 bits).</summary>
    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 32);
    }

    /// <summary>The htpasswd file of one user, bcrypt ($2y$, cost 10) as Apache's <c>htpasswd -B</c> writes it.</summary>
    public static string Htpasswd(string user, string password) =>
        $"{user}:{BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(10, 'y'))}\n";
}
