using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DropIt.Panel.Core.Certificates.Acme;

namespace DropIt.Panel.Core.Tests.Certificates;

public sealed class AcmeJwsTests
{
    // The public half of the P-256 key in RFC 7515 Appendix A.3.
    private const string ExampleX = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private const string ExampleY = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    // SHA-256 of {"crv":"P-256","kty":"EC","x":"<ExampleX>","y":"<ExampleY>"}, base64url, worked out apart from this code.
    private const string ExampleThumbprint = "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U";

    private static readonly Uri NewAccountUrl = new("https://ca.example/acme/new-account");

    [Fact]
    public void Sign_ForNewAccount_HeaderHasAlgJwkNonceUrlAndNoKid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jws = AcmeJws.Sign(key, AcmeJws.Header(key, NewAccountUrl, "nonce-1", kid: null), """{"termsOfServiceAgreed":true}""");

        Assert.Equal(["protected", "payload", "signature"], jws.Select(p => p.Key));
        var header = DecodeJson(jws["protected"]!.GetValue<string>());
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal("nonce-1", header["nonce"]!.GetValue<string>());
        Assert.Equal(NewAccountUrl.AbsoluteUri, header["url"]!.GetValue<string>());
        Assert.Null(header["kid"]);
        var jwk = header["jwk"]!.AsObject();
        Assert.Equal(["crv", "kty", "x", "y"], jwk.Select(p => p.Key));
        Assert.Equal("P-256", jwk["crv"]!.GetValue<string>());
        Assert.Equal("EC", jwk["kty"]!.GetValue<string>());
        Assert.Equal(32, AcmeJws.Decode(jwk["x"]!.GetValue<string>()).Length);
        Assert.Equal("""{"termsOfServiceAgreed":true}""", Encoding.UTF8.GetString(AcmeJws.Decode(jws["payload"]!.GetValue<string>())));
    }

    [Fact]
    public void Sign_WithAccount_HeaderHasKidAndNoJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var url = new Uri("https://ca.example/acme/order/1");

        var jws = AcmeJws.Sign(key, AcmeJws.Header(key, url, "nonce-2", "https://ca.example/acme/acct/7"), "");

        var header = DecodeJson(jws["protected"]!.GetValue<string>());
        Assert.Equal("https://ca.example/acme/acct/7", header["kid"]!.GetValue<string>());
        Assert.Null(header["jwk"]);
        Assert.Equal("", jws["payload"]!.GetValue<string>());
    }

    [Fact]
    public void Sign_Signature_IsRawRAndSOf64BytesThatVerifiesWithThePublicKeyAlone()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));

        var jws = AcmeJws.Sign(key, AcmeJws.Header(key, NewAccountUrl, "n", kid: null), "{}");

        var signature = AcmeJws.Decode(jws["signature"]!.GetValue<string>());
        var signingInput = Encoding.ASCII.GetBytes($"{jws["protected"]}.{jws["payload"]}");
        Assert.Equal(64, signature.Length);
        Assert.True(publicOnly.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(publicOnly.VerifyData(Encoding.ASCII.GetBytes("other.input"), signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Thumbprint_OfKnownKey_MatchesTheIndependentlyComputedValue()
    {
        using var key = ExampleKey();

        Assert.Equal(ExampleThumbprint, AcmeJws.Thumbprint(key));
        Assert.Equal("token-abc." + ExampleThumbprint, AcmeJws.KeyAuthorization("token-abc", key));
    }

    [Fact]
    public void Jwk_OfKnownKey_HasExactlyTheRfcMembersInOrder()
    {
        using var key = ExampleKey();

        Assert.Equal($$"""{"crv":"P-256","kty":"EC","x":"{{ExampleX}}","y":"{{ExampleY}}"}""", AcmeJws.Jwk(key).ToJsonString());
    }

    [Theory]
    [InlineData(new byte[] { 0xfb, 0xff }, "-_8")]
    [InlineData(new byte[] { 0x01 }, "AQ")]
    [InlineData(new byte[] { }, "")]
    public void Encode_UsesUrlAlphabetWithoutPadding(byte[] data, string expected)
    {
        Assert.Equal(expected, AcmeJws.Encode(data));
    }

    [Fact]
    public void ExternalAccountBinding_IsHs256OverTheAccountJwkWithTheCaKey()
    {
        using var key = ExampleKey();
        var macKey = RandomNumberGenerator.GetBytes(32);

        var jws = AcmeJws.ExternalAccountBinding(new ExternalAccountBinding("kid-1", AcmeJws.Encode(macKey)), NewAccountUrl, key);

        var header = DecodeJson(jws["protected"]!.GetValue<string>());
        Assert.Equal("HS256", header["alg"]!.GetValue<string>());
        Assert.Equal("kid-1", header["kid"]!.GetValue<string>());
        Assert.Equal(NewAccountUrl.AbsoluteUri, header["url"]!.GetValue<string>());
        Assert.Null(header["nonce"]);
        Assert.Equal(AcmeJws.Jwk(key).ToJsonString(), DecodeJson(jws["payload"]!.GetValue<string>()).ToJsonString());
        var expected = HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes($"{jws["protected"]}.{jws["payload"]}"));
        Assert.Equal(AcmeJws.Encode(expected), jws["signature"]!.GetValue<string>());
    }

    [Fact]
    public void Csr_ForTwoNames_CarriesBothAsDnsSansAndAValidSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var der = AcmeJws.Decode(Csr.CreateBase64Url(["a.dropit.test", "b.dropit.test"], key));

        var request = CertificateRequest.LoadSigningRequest(
            der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var sans = new X509SubjectAlternativeNameExtension(
            request.CertificateExtensions.Single(e => e.Oid?.Value == "2.5.29.17").RawData);
        Assert.Equal(["a.dropit.test", "b.dropit.test"], sans.EnumerateDnsNames());
        Assert.Equal("CN=a.dropit.test", request.SubjectName.Name);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), request.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void AccountKeyPem_RoundTrips_ToTheSameThumbprint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var pem = AcmeClient.AccountKeyToPem(key);
        using var loaded = AcmeClient.AccountKeyFromPem(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.Equal(AcmeJws.Thumbprint(key), AcmeJws.Thumbprint(loaded));
    }

    [Fact]
    public void AcmeException_Message_IsTheCaWordsWithSubproblems()
    {
        var error = new AcmeException("urn:ietf:params:acme:error:rejectedIdentifier", "Some names were refused", 400,
            subproblems: [new AcmeProblem("urn:ietf:params:acme:error:caa", "CAA forbids issuance", "b.example")]);

        Assert.Equal("urn:ietf:params:acme:error:rejectedIdentifier: Some names were refused "
            + "(b.example: urn:ietf:params:acme:error:caa: CAA forbids issuance)", error.Message);
        Assert.True(error.Is("rejectedIdentifier"));
        Assert.False(error.Is("caa"));
    }

    [Fact]
    public async Task Client_OnBadNonce_ResignsWithTheNonceFromTheErrorAnswer()
    {
        var ca = new ScriptedCa(
            Problem(HttpStatusCode.BadRequest, "badNonce", "JWS has an invalid anti-replay nonce", nonce: "from-error"),
            Account());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = new AcmeClient(new HttpClient(ca), ca.Directory, key, TimeProvider.System);

        var account = await client.RegisterAsync(null, null, TestContext.Current.CancellationToken);

        Assert.Equal("https://ca.example/acct/1", account);
        Assert.Equal(2, ca.Posts.Count);
        Assert.All(ca.Posts, p => Assert.Equal("application/jose+json", p.ContentType));
        Assert.Equal("from-head", DecodeJson(ca.Posts[0].Jws["protected"]!.GetValue<string>())["nonce"]!.GetValue<string>());
        Assert.Equal("from-error", DecodeJson(ca.Posts[1].Jws["protected"]!.GetValue<string>())["nonce"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_OnRateLimited_ThrowsAtOnceWithRetryAfter()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var limited = Problem((HttpStatusCode)429, "rateLimited", "too many new accounts", nonce: "n");
        limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1));
        var ca = new ScriptedCa(limited);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = new AcmeClient(new HttpClient(ca), ca.Directory, key, new FixedClock(now));

        var error = await Assert.ThrowsAsync<AcmeException>(() => client.RegisterAsync(null, null, TestContext.Current.CancellationToken));

        Assert.Equal("urn:ietf:params:acme:error:rateLimited: too many new accounts", error.Message);
        Assert.Equal(429, error.Status);
        Assert.Equal(now.AddHours(1), error.RetryAfter);
        Assert.Single(ca.Posts);
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail, string nonce)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"type":"urn:ietf:params:acme:error:{{type}}","detail":"{{detail}}","status":{{(int)status}}}""",
                Encoding.UTF8, "application/problem+json"),
        };
        response.Headers.Add("Replay-Nonce", nonce);
        return response;
    }

    private static HttpResponseMessage Account()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("""{"status":"valid"}""") };
        response.Headers.Location = new Uri("https://ca.example/acct/1");
        return response;
    }

    private static ECDsa ExampleKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = AcmeJws.Decode(ExampleX), Y = AcmeJws.Decode(ExampleY) },
    });

    private static JsonObject DecodeJson(string base64Url) =>
        JsonNode.Parse(AcmeJws.Decode(base64Url))!.AsObject();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A CA that serves a directory and a nonce, then answers POSTs from a script, recording them.</summary>
    private sealed class ScriptedCa(params HttpResponseMessage[] answers) : HttpMessageHandler
    {
        private readonly Queue<HttpResponseMessage> script = new(answers);

        public Uri Directory { get; } = new("https://ca.example/dir");

        public List<(string? ContentType, JsonObject Jws)> Posts { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("""{"newNonce":"https://ca.example/nonce","newAccount":"https://ca.example/acct"}"""),
                };
            }

            if (request.Method == HttpMethod.Head)
            {
                var nonce = new HttpResponseMessage(HttpStatusCode.OK);
                nonce.Headers.Add("Replay-Nonce", "from-head");
                return nonce;
            }

            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Posts.Add((request.Content.Headers.ContentType?.ToString(), JsonNode.Parse(body)!.AsObject()));
            return script.Dequeue();
        }
    }
}
