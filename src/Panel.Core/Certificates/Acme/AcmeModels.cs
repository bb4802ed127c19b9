using System.Text.Json;

namespace DropIt.Panel.Core.Certificates.Acme;

/// <summary>External account binding credentials (RFC 8555 §7.3.4) handed out by the CA.</summary>
public sealed record ExternalAccountBinding(string KeyId, string HmacKeyBase64Url);

/// <summary>An issued certificate: the PEM chain (leaf first), its new private key and facts read from the leaf.</summary>
public sealed record AcmeCertificate(
    string FullChainPem,
    string PrivateKeyPem,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string CertificateUrl,
    string Issuer);

internal static class AcmeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal static class AcmeStatus
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Processing = "processing";
    public const string Valid = "valid";
    public const string Invalid = "invalid";
}

internal sealed class IdentifierObject
{
    public string Type { get; init; } = "dns";
    public string Value { get; init; } = "";
}

internal sealed class ProblemDocument
{
    public string? Type { get; init; }
    public string? Detail { get; init; }
    public int? Status { get; init; }
    public IdentifierObject? Identifier { get; init; }
    public ProblemDocument[]? Subproblems { get; init; }

    public AcmeException ToException(int status, DateTimeOffset? retryAfter = null) => new(
        Type ?? "about:blank",
        Detail ?? "",
        Status ?? status,
        retryAfter,
        (Subproblems ?? []).Select(p => new AcmeProblem(p.Type ?? "about:blank", p.Detail ?? "", p.Identifier?.Value)).ToList());
}

internal sealed class OrderObject
{
    public string Status { get; init; } = "";
    public IdentifierObject[] Identifiers { get; init; } = [];
    public string[] Authorizations { get; init; } = [];
    public string Finalize { get; init; } = "";
    public string? Certificate { get; init; }
    public ProblemDocument? Error { get; init; }
}

internal sealed class AuthorizationObject
{
    public string Status { get; init; } = "";
    public IdentifierObject Identifier { get; init; } = new();
    public ChallengeObject[] Challenges { get; init; } = [];
}

internal sealed class ChallengeObject
{
    public string Type { get; init; } = "";
    public string Url { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Token { get; init; }
    public ProblemDocument? Error { get; init; }
}
