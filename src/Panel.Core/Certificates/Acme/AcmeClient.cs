using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>
/// An RFC 8555 client for one account: registration, certificates over HTTP-01, revocation and key rollover.
/// Every request after registration is signed with the account URL as <c>kid</c>.
/// </summary>
public sealed partial class AcmeClient
{
    private readonly AcmeChannel channel;
    private readonly TimeProvider clock;
    private ECDsa accountKey;

    /// <param name="http">Talks to the CA; the caller owns it.</param>
    /// <param name="directoryUrl">The CA's directory, e.g. <c>https://acme-v02.api.letsencrypt.org/directory</c>.</param>
    /// <param name="accountKey">The account key (P-256 preferred); the caller owns it.</param>
    /// <param name="clock">Time for polling and for <see cref="AcmeException.RetryAfter"/>.</param>
    /// <param name="accountUrl">A known account URL: lets the client sign with <c>kid</c> without registering first.</param>
    public AcmeClient(HttpClient http, Uri directoryUrl, ECDsa accountKey, TimeProvider clock, string? accountUrl = null)
    {
        _ = AcmeJws.Algorithm(accountKey);
        channel = new AcmeChannel(http, directoryUrl, clock);
        this.clock = clock;
        this.accountKey = accountKey;
        AccountUrl = accountUrl;
    }

    /// <summary>The account URL (the JWS <c>kid</c>), known after <see cref="RegisterAsync"/>.</summary>
    public string? AccountUrl { get; private set; }

    /// <summary>How long <see cref="ObtainAsync"/> waits for one authorization or order to settle.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Creates the account for the key, agreeing to the terms of service, or finds the one it already has.
    /// Returns the account URL.
    /// </summary>
    public async Task<string> RegisterAsync(string? contactEmail, ExternalAccountBinding? eab, CancellationToken ct)
    {
        var url = AcmeDirectory.Require((await channel.DirectoryAsync(ct)).NewAccount, "newAccount");
        var payload = new JsonObject { ["termsOfServiceAgreed"] = true, ["onlyReturnExisting"] = false };
        if (!string.IsNullOrWhiteSpace(contactEmail))
        {
            payload["contact"] = new JsonArray("mailto:" + contactEmail.Trim());
        }

        var key = accountKey;
        if (eab is not null)
        {
            payload["externalAccountBinding"] = AcmeJws.ExternalAccountBinding(eab, url, key);
        }

        var body = payload.ToJsonString();
        var response = await channel.PostAsync(url, nonce => AcmeJws.Sign(key, AcmeJws.Header(key, url, nonce, kid: null), body), null, ct);
        AccountUrl = response.Location?.AbsoluteUri
            ?? throw new InvalidOperationException("The CA created the account but sent no Location header.");
        return AccountUrl;
    }

    /// <summary>Revokes the certificate (the first one in <paramref name="certificatePem"/>), signed by the account.</summary>
    public async Task RevokeAsync(string certificatePem, CancellationToken ct)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var url = AcmeDirectory.Require((await channel.DirectoryAsync(ct)).RevokeCert, "revokeCert");
        var payload = new JsonObject { ["certificate"] = AcmeJws.Encode(certificate.RawData) };
        await PostAsync(url, payload.ToJsonString(), ct);
    }

    /// <summary>
    /// Moves the account to <paramref name="newKey"/> (RFC 8555 §7.3.5). Afterwards this client signs with the new
    /// key; the CA refuses the old one.
    /// </summary>
    public async Task RollOverKeyAsync(ECDsa newKey, CancellationToken ct)
    {
        _ = AcmeJws.Algorithm(newKey);
        var kid = RequireAccount();
        var url = AcmeDirectory.Require((await channel.DirectoryAsync(ct)).KeyChange, "keyChange");
        var oldKey = accountKey;
        var inner = AcmeJws.Sign(
            newKey,
            AcmeJws.Header(newKey, url, nonce: null, kid: null),
            new JsonObject { ["account"] = kid, ["oldKey"] = AcmeJws.Jwk(oldKey) }.ToJsonString());
        var body = inner.ToJsonString();
        await channel.PostAsync(url, nonce => AcmeJws.Sign(oldKey, AcmeJws.Header(oldKey, url, nonce, kid), body), null, ct);
        accountKey = newKey;
    }

    /// <summary>The account key as PKCS#8 PEM, for storage.</summary>
    public static string AccountKeyToPem(ECDsa key) => key.ExportPkcs8PrivateKeyPem();

    /// <summary>Reads an account key from PEM (PKCS#8 or SEC1 "EC PRIVATE KEY").</summary>
    public static ECDsa AccountKeyFromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A request signed with the account key and <c>kid</c>; <paramref name="payload"/> "" is POST-as-GET.</summary>
    private Task<AcmeResponse> PostAsync(Uri url, string payload, CancellationToken ct, string? accept = null)
    {
        var kid = RequireAccount();
        var key = accountKey;
        return channel.PostAsync(url, nonce => AcmeJws.Sign(key, AcmeJws.Header(key, url, nonce, kid), payload), accept, ct);
    }

    private string RequireAccount() =>
        AccountUrl ?? throw new InvalidOperationException("No ACME account yet: call RegisterAsync first.");
}
