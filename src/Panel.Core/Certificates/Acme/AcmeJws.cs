using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>
/// JSON Web Signatures as ACME wants them (RFC 8555 §6.2): flattened JSON serialization, ECDSA with raw
/// r||s signatures, the public key as a JWK (RFC 7517) and its RFC 7638 thumbprint.
/// </summary>
internal static class AcmeJws
{
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static byte[] Decode(string text) => Base64Url.DecodeFromChars(text.TrimEnd('='));

    /// <summary>The JWS algorithm for the key's curve: ES256 (P-256), ES384 (P-384) or ES512 (P-521).</summary>
    public static string Algorithm(ECDsa key) => key.KeySize switch
    {
        256 => "ES256",
        384 => "ES384",
        521 => "ES512",
        _ => throw new NotSupportedException($"ECDSA keys of {key.KeySize} bits have no JWS algorithm."),
    };

    /// <summary>The public key as a JWK, members in the lexicographic order RFC 7638 asks for.</summary>
    public static JsonObject Jwk(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var curve = key.KeySize switch
        {
            256 => "P-256",
            384 => "P-384",
            521 => "P-521",
            _ => throw new NotSupportedException($"ECDSA keys of {key.KeySize} bits have no JWK curve name."),
        };
        return new JsonObject
        {
            ["crv"] = curve,
            ["kty"] = "EC",
            ["x"] = Encode(parameters.Q.X),
            ["y"] = Encode(parameters.Q.Y),
        };
    }

    /// <summary>The RFC 7638 thumbprint: SHA-256 of the JWK's required members without whitespace, base64url.</summary>
    public static string Thumbprint(ECDsa key) => Thumbprint(Jwk(key));

    public static string Thumbprint(JsonObject jwk) => Encode(SHA256.HashData(Encoding.UTF8.GetBytes(jwk.ToJsonString())));

    /// <summary>What an HTTP-01 challenge must answer (RFC 8555 §8.1).</summary>
    public static string KeyAuthorization(string token, ECDsa accountKey) => token + "." + Thumbprint(accountKey);

    /// <summary>
    /// The protected header: <c>jwk</c> when <paramref name="kid"/> is null (new accounts, the inner key-change JWS),
    /// otherwise <c>kid</c>; no nonce when <paramref name="nonce"/> is null.
    /// </summary>
    public static JsonObject Header(ECDsa key, Uri url, string? nonce, string? kid)
    {
        var header = new JsonObject { ["alg"] = Algorithm(key) };
        if (kid is null)
        {
            header["jwk"] = Jwk(key);
        }
        else
        {
            header["kid"] = kid;
        }

        if (nonce is not null)
        {
            header["nonce"] = nonce;
        }

        header["url"] = url.AbsoluteUri;
        return header;
    }

    /// <summary>Signs <paramref name="payload"/> (JSON text, or "" for POST-as-GET) into a flattened JWS.</summary>
    public static JsonObject Sign(ECDsa key, JsonObject header, string payload)
    {
        var protectedPart = Encode(header.ToJsonString());
        var payloadPart = Encode(payload);
        var signature = key.SignData(
            Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart),
            HashFor(key),
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Flattened(protectedPart, payloadPart, signature);
    }

    /// <summary>The external account binding (RFC 8555 §7.3.4): the account's JWK, MACed with the CA's HS256 key.</summary>
    public static JsonObject ExternalAccountBinding(ExternalAccountBinding binding, Uri newAccountUrl, ECDsa accountKey)
    {
        var header = new JsonObject
        {
            ["alg"] = "HS256",
            ["kid"] = binding.KeyId,
            ["url"] = newAccountUrl.AbsoluteUri,
        };
        var protectedPart = Encode(header.ToJsonString());
        var payloadPart = Encode(Jwk(accountKey).ToJsonString());
        var mac = HMACSHA256.HashData(Decode(binding.HmacKeyBase64Url), Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart));
        return Flattened(protectedPart, payloadPart, mac);
    }

    private static JsonObject Flattened(string protectedPart, string payloadPart, byte[] signature) => new()
    {
        ["protected"] = protectedPart,
        ["payload"] = payloadPart,
        ["signature"] = Encode(signature),
    };

    private static HashAlgorithmName HashFor(ECDsa key) => key.KeySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
