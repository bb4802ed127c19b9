using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>The certificate signing request sent to <c>finalize</c>: every name as a DNS SAN, DER encoded.</summary>
internal static class Csr
{
    private const int MaxCommonNameLength = 64;

    public static byte[] CreateDer(IReadOnlyList<string> names, ECDsa key)
    {
        if (names.Count == 0)
        {
            throw new ArgumentException("A certificate request needs at least one name.", nameof(names));
        }

        var subject = new X500DistinguishedNameBuilder();
        if (names[0].Length <= MaxCommonNameLength)
        {
            subject.AddCommonName(names[0]);
        }

        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternativeNames.AddDnsName(name);
        }

        request.CertificateExtensions.Add(alternativeNames.Build(critical: false));
        return request.CreateSigningRequest();
    }

    /// <summary>The <c>csr</c> field of the finalize payload: the DER, base64url without padding.</summary>
    public static string CreateBase64Url(IReadOnlyList<string> names, ECDsa key) => AcmeJws.Encode(CreateDer(names, key));
}
