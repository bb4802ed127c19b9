using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DropIt.Panel.TestSupport;

/// <summary>Certificates a test uploads as an operator's own.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed P-256 certificate for <paramref name="host"/> (also its DNS name), as PEM chain and PKCS#8 key.</summary>
    public static (string Chain, string Key) SelfSigned(string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
