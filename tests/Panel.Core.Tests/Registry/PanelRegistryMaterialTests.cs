using System.Net;
using System.Security.Cryptography.X509Certificates;
using DropIt.Panel.Core.Registry;

namespace DropIt.Panel.Core.Tests.Registry;

public sealed class PanelRegistryMaterialTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Htpasswd_GeneratedPassword_IsBcryptOfThatPasswordForTheUser()
    {
        var password = PanelRegistryMaterial.NewPassword();

        var line = PanelRegistryMaterial.Htpasswd(PanelRegistryMaterial.UserName, password).TrimEnd('\n');

        var (user, hash) = (line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..]);
        Assert.Equal("dropit", user);
        Assert.StartsWith("$2y$10$", hash);
        Assert.True(BCrypt.Net.BCrypt.Verify(password, hash));
        Assert.False(BCrypt.Net.BCrypt.Verify(password + "x", hash));
        Assert.Equal(32, password.Length);
        Assert.NotEqual(password, PanelRegistryMaterial.NewPassword());
    }

    [Fact]
    public void IssueServer_IpAddress_CertificateForThatAddressChainsToThePanelsAuthority()
    {
        var authority = PanelRegistryMaterial.NewAuthority(Now);

        var server = PanelRegistryMaterial.IssueServer(authority, "10.0.0.7", Now);

        using var ca = X509Certificate2.CreateFromPem(authority.CertificatePem);
        using var certificate = X509Certificate2.CreateFromPem(server.CertificatePem, server.KeyPem);
        Assert.True(certificate.HasPrivateKey);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal([IPAddress.Parse("10.0.0.7")], names.EnumerateIPAddresses());
        Assert.Empty(names.EnumerateDnsNames());
        Assert.True(certificate.MatchesHostname("10.0.0.7"));
        Assert.False(certificate.MatchesHostname("10.0.0.8"));
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(ChainsTo(certificate, ca));
    }

    [Fact]
    public void IssueServer_HostName_SanIsThatNameAndAnotherAuthorityDoesNotTrustIt()
    {
        var authority = PanelRegistryMaterial.NewAuthority(Now);
        var other = PanelRegistryMaterial.NewAuthority(Now);

        var server = PanelRegistryMaterial.IssueServer(authority, "manager-1.example.net", Now);

        using var certificate = X509Certificate2.CreateFromPem(server.CertificatePem);
        using var otherCa = X509Certificate2.CreateFromPem(other.CertificatePem);
        Assert.Equal(["manager-1.example.net"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.False(ChainsTo(certificate, otherCa));
        Assert.DoesNotContain("PRIVATE", server.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.example.com", "registry.example.com")]
    [InlineData(" https://Registry.Example.com:5000/ ", "registry.example.com:5000")]
    [InlineData("10.0.0.7:5000", "10.0.0.7:5000")]
    [InlineData("registry.example.com/path", null)]
    [InlineData("registry.example.com:99999", null)]
    [InlineData("", null)]
    public void Normalize_Address_IsWhatPrefixesAnImageReference(string input, string? expected) =>
        Assert.Equal(expected, RegistryAddress.Normalize(input));

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime.AddDays(1);
        return chain.Build(certificate);
    }
}
