using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DropIt.Panel.Core.Certificates.Acme;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Certificates;

public sealed class AcmeClientTests
{
    private static readonly string[] Names = ["a.dropit.test", "b.dropit.test"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_SameKeyTwice_ReturnsTheSameAccount()
    {
        await using var ca = await AcmeSetup.StartAsync(nonceRejectPercent: 5);

        var first = await ca.Client.RegisterAsync("ops@dropit.test", null, Ct);
        var again = await ca.NewClient(ca.AccountKey).RegisterAsync(null, null, Ct);

        Assert.StartsWith($"https://127.0.0.1:{ca.Pebble.DirectoryUrl.Port}/", first);
        Assert.Equal(first, ca.Client.AccountUrl);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Obtain_TwoNamesWithSomeNoncesRejected_GivesOneCertificateForBothChainingToPebbleRoot()
    {
        await using var ca = await AcmeSetup.StartAsync(nonceRejectPercent: 5);
        await ca.Client.RegisterAsync(null, null, Ct);

        var certificate = await ca.Client.ObtainAsync(Names, ca.Store, Ct);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificate.FullChainPem);
        Assert.True(chain.Count >= 2, certificate.FullChainPem);
        var leaf = chain[0];
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
        Assert.Equal(Names, sans.Order(StringComparer.Ordinal));
        using var root = await ca.Pebble.RootAsync();
        Assert.True(ChainsTo(leaf, chain.Skip(1), root), "the chain does not verify to pebble's root");
        using var key = ECDsa.Create();
        key.ImportFromPem(certificate.PrivateKeyPem);
        Assert.Equal(leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.Equal(new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), certificate.NotBefore);
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), certificate.NotAfter);
        Assert.Equal(leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true), certificate.Issuer);
        Assert.Contains("Pebble", certificate.Issuer);
        Assert.StartsWith($"https://127.0.0.1:{ca.Pebble.DirectoryUrl.Port}/", certificate.CertificateUrl);
        Assert.Equal(2, ca.Store.PutTokens.Count);
        Assert.Empty(ca.Store.CurrentTokens);
        Assert.Superset(ca.Store.PutTokens.ToHashSet(), ca.Responder.ServedTokens.ToHashSet());
    }

    [Fact]
    public async Task Obtain_WithHalfOfNoncesRejected_RetriesBadNonceAndSucceeds()
    {
        await using var ca = await AcmeSetup.StartAsync(nonceRejectPercent: 50);

        await ca.Client.RegisterAsync(null, null, Ct);
        var certificate = await ca.Client.ObtainAsync(["nonces.dropit.test"], ca.Store, Ct);

        using var leaf = X509Certificate2.CreateFromPem(certificate.FullChainPem);
        Assert.Equal(["nonces.dropit.test"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(ca.BadNonces.Count > 0, "pebble rejected no nonce, so nothing was retried");
    }

    [Fact]
    public async Task Obtain_AgainForSameNames_ReusesValidAuthorizationsAndIssuesANewCertificate()
    {
        await using var ca = await AcmeSetup.StartAsync();
        await ca.Client.RegisterAsync(null, null, Ct);
        var first = await ca.Client.ObtainAsync(Names, ca.Store, Ct);
        var putAfterFirst = ca.Store.PutTokens.Count;
        await Task.Delay(TimeSpan.FromSeconds(1.1), Ct);

        var renewed = await ca.Client.ObtainAsync(Names, ca.Store, Ct);

        Assert.Equal(2, putAfterFirst);
        Assert.Equal(putAfterFirst, ca.Store.PutTokens.Count);
        using var firstLeaf = X509Certificate2.CreateFromPem(first.FullChainPem);
        using var renewedLeaf = X509Certificate2.CreateFromPem(renewed.FullChainPem);
        Assert.NotEqual(firstLeaf.SerialNumber, renewedLeaf.SerialNumber);
        Assert.True(renewed.NotBefore > first.NotBefore, $"{renewed.NotBefore:O} is not after {first.NotBefore:O}");
        Assert.NotEqual(first.PrivateKeyPem, renewed.PrivateKeyPem);
        Assert.NotEqual(first.CertificateUrl, renewed.CertificateUrl);
    }

    [Fact]
    public async Task Revoke_IssuedCertificate_SucceedsOnceThenIsAlreadyRevoked()
    {
        await using var ca = await AcmeSetup.StartAsync();
        await ca.Client.RegisterAsync(null, null, Ct);
        var certificate = await ca.Client.ObtainAsync(["revoke.dropit.test"], ca.Store, Ct);

        await ca.Client.RevokeAsync(certificate.FullChainPem, Ct);
        var again = await Assert.ThrowsAsync<AcmeException>(() => ca.Client.RevokeAsync(certificate.FullChainPem, Ct));

        Assert.Equal("urn:ietf:params:acme:error:alreadyRevoked", again.Type);
        Assert.StartsWith("urn:ietf:params:acme:error:alreadyRevoked: ", again.Message);
    }

    [Fact]
    public async Task Obtain_WhenChallengeAnswerIsWrong_ThrowsWithTheCaDetailAndCleansTheStore()
    {
        await using var ca = await AcmeSetup.StartAsync();
        await ca.Client.RegisterAsync(null, null, Ct);
        ca.Store.AnswerWrongly = true;

        var error = await Assert.ThrowsAsync<AcmeException>(() => ca.Client.ObtainAsync(["wrong.dropit.test"], ca.Store, Ct));

        Assert.Equal("urn:ietf:params:acme:error:unauthorized", error.Type);
        Assert.Contains(".not-the-account-thumbprint", error.Detail);
        Assert.Equal($"{error.Type}: {error.Detail}", error.Message);
        Assert.NotEmpty(ca.Responder.ServedTokens);
        Assert.Empty(ca.Store.CurrentTokens);
    }

    [Fact]
    public async Task RollOverKey_ThenObtain_WorksWithTheNewKeyAndTheOldKeyIsRefused()
    {
        await using var ca = await AcmeSetup.StartAsync();
        var account = await ca.Client.RegisterAsync(null, null, Ct);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await ca.Client.RollOverKeyAsync(newKey, Ct);
        var certificate = await ca.Client.ObtainAsync(["rolled.dropit.test"], ca.Store, Ct);
        var foundByNewKey = await ca.NewClient(newKey).RegisterAsync(null, null, Ct);
        var oldKeyClient = ca.NewClient(ca.AccountKey, account);
        var refused = await Assert.ThrowsAsync<AcmeException>(() => oldKeyClient.ObtainAsync(["old.dropit.test"], ca.Store, Ct));

        Assert.Equal(account, ca.Client.AccountUrl);
        Assert.Equal(account, foundByNewKey);
        Assert.Contains("-----BEGIN CERTIFICATE-----", certificate.FullChainPem);
        Assert.Contains(refused.Type, new[] { "malformed", "unauthorized", "accountDoesNotExist" }.Select(t => AcmeException.ErrorNamespace + t));
    }

    [Fact]
    public async Task Register_WhenCaRequiresExternalAccountBinding_NeedsTheBindingAndWorksWithIt()
    {
        var binding = new ExternalAccountBinding("kid-1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        await using var ca = await AcmeSetup.StartAsync(binding: binding);

        var withoutBinding = await Assert.ThrowsAsync<AcmeException>(() => ca.Client.RegisterAsync(null, null, Ct));
        var account = await ca.Client.RegisterAsync("ops@dropit.test", binding, Ct);
        var certificate = await ca.Client.ObtainAsync(["eab.dropit.test"], ca.Store, Ct);

        Assert.Equal("urn:ietf:params:acme:error:externalAccountRequired", withoutBinding.Type);
        Assert.Equal(account, ca.Client.AccountUrl);
        Assert.Contains("-----BEGIN CERTIFICATE-----", certificate.FullChainPem);
    }

    private static bool ChainsTo(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}

/// <summary>Pebble, a challenge responder on its HTTP-01 port, and a client with a fresh account key.</summary>
file sealed class AcmeSetup : IAsyncDisposable
{
    private readonly HttpClient http;

    private AcmeSetup(Pebble pebble, ChallengeResponder responder, BadNonceCounter counter)
    {
        Pebble = pebble;
        Responder = responder;
        BadNonces = counter;
        http = new HttpClient(counter) { Timeout = TimeSpan.FromSeconds(30) };
        Client = NewClient(AccountKey);
    }

    public Pebble Pebble { get; }
    public ChallengeResponder Responder { get; }
    public InMemoryChallengeStore Store => Responder.Store;
    public BadNonceCounter BadNonces { get; }
    public ECDsa AccountKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public AcmeClient Client { get; }

    public static async Task<AcmeSetup> StartAsync(int nonceRejectPercent = 0, ExternalAccountBinding? binding = null)
    {
        var pebble = await Pebble.StartAsync(nonceRejectPercent, binding);
        try
        {
            var responder = await ChallengeResponder.StartAsync(pebble);
            return new AcmeSetup(pebble, responder, new BadNonceCounter(pebble.CreateHandler()));
        }
        catch
        {
            await pebble.DisposeAsync();
            throw;
        }
    }

    public AcmeClient NewClient(ECDsa key, string? accountUrl = null) =>
        new(http, Pebble.DirectoryUrl, key, TimeProvider.System, accountUrl);

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        AccountKey.Dispose();
        await Responder.DisposeAsync();
        await Pebble.DisposeAsync();
    }
}

/// <summary>Counts the CA's badNonce answers, leaving them readable for the client.</summary>
file sealed class BadNonceCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int count;

    public int Count => count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 400)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if ((await response.Content.ReadAsStringAsync(cancellationToken)).Contains("badNonce", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        }

        return response;
    }
}
